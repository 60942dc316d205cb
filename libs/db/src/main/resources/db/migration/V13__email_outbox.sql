-- Every email Sensei sends goes through this outbox. Producers (admin-api: welcome, "send me a summary now", waitlist
-- confirmation; the processor's weekly schedule) insert a row with a dedupe key and `on conflict (dedupe_key) do
-- nothing`, so the same email is never queued twice, whichever replica asks. The processor's mail sender is the one
-- consumer: it claims due rows with `for update skip locked` (one replica per row), renders the kind's Qute template
-- from the payload, sends over SMTP and marks the row sent; an SMTP failure keeps it pending with a later
-- next_attempt_at, so an outage only delays mail and blocks nothing else.
create table email_outbox (
    id              bigserial primary key,
    kind            text        not null check (kind in ('welcome', 'weekly_summary', 'waitlist_confirm')),
    recipient       text        not null check (length(recipient) between 3 and 320),
    dedupe_key      text        not null unique check (length(dedupe_key) between 1 and 200),
    payload         jsonb       not null default '{}'::jsonb,
    status          text        not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    created_at      timestamptz not null default now(),
    sent_at         timestamptz
);
create index email_outbox_due_idx on email_outbox (next_attempt_at) where status = 'pending';
