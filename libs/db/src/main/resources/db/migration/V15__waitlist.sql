-- The public waitlist (issue 14 M10), owned by admin-api. `POST /api/v1/waitlist` adds a row (or finds the one already
-- there: one row per address whatever its case, see waitlist_email_key); the confirmation email goes through
-- email_outbox in the same transaction. The address is stored trimmed with its domain lower-cased; the client address
-- only as a keyed hash (ip_hash), never raw. A submission that filled the honeypot is kept with status 'spam' (never
-- emailed, never confirmable: it has no token) so an admin can still see it. The confirmation token is stored as its
-- SHA-256 only; confirmations_sent numbers the outbox dedupe keys (waitlist_confirm:<id>:<n>).
create table waitlist (
    id                   uuid primary key default gen_random_uuid(),
    email                text        not null check (length(email) between 3 and 254),
    name                 text check (length(name) <= 120),
    company              text check (length(company) <= 120),
    source               text check (length(source) <= 64),
    utm_source           text check (length(utm_source) <= 200),
    utm_medium           text check (length(utm_medium) <= 200),
    utm_campaign         text check (length(utm_campaign) <= 200),
    utm_term             text check (length(utm_term) <= 200),
    utm_content          text check (length(utm_content) <= 200),
    referrer             text check (length(referrer) <= 500),
    ip_hash              text,
    user_agent           text check (length(user_agent) <= 256),
    status               text        not null default 'pending' check (status in ('pending', 'confirmed', 'spam')),
    confirm_token_hash   text unique,
    confirm_expires_at   timestamptz,
    confirmation_sent_at timestamptz,
    confirmations_sent   integer     not null default 0,
    created_at           timestamptz not null default now(),
    confirmed_at         timestamptz,
    check (status <> 'confirmed' or confirmed_at is not null)
);
-- one row per address: "Ann@Example.com" and "ann@example.com" are the same person on a list
create unique index waitlist_email_key on waitlist (lower(email));
-- the admin page's "email starts with" search
create index waitlist_email_prefix_idx on waitlist (lower(email) text_pattern_ops);
create index waitlist_created_idx on waitlist (created_at desc, id desc);

-- Per-client-address sign-up counters (fixed windows: a minute and a day), shared by every admin-api replica. Rows
-- hold only the keyed hash of the address; windows older than two days are deleted by the counting statement itself.
create table waitlist_rate_limits (
    ip_hash      text        not null,
    window_kind  text        not null check (window_kind in ('minute', 'day')),
    window_start timestamptz not null,
    hits         integer     not null,
    primary key (ip_hash, window_kind, window_start)
);
create index waitlist_rate_limits_start_idx on waitlist_rate_limits (window_start);
