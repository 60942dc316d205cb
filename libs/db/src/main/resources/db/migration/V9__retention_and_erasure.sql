-- Retention and erasure (docs/privacy.md).

-- How long each environment keeps its conversations. Written only by admin-api (GET/PUT /api/v1/retention), read
-- by the processor's daily retention job. No row, or days = null: kept forever.
create table retention_settings (
    environment  text        primary key check (length(environment) between 1 and 64),
    days         integer     check (days between 1 and 3650),
    updated_at   timestamptz not null default now(),
    updated_by   text
);

-- What was erased, so that a later replay or redelivery of an ingest entry received before the erasure cannot bring
-- it back. Only keyed hashes (HMAC-SHA256 with the server's privacy secret) are stored, never the ids themselves:
-- kind 'conversation' hashes environment + external id, kind 'user' hashes the end-user id. Written by admin-api's
-- erasure, read by the processor's ingest write (which drops entries received at or before erased_at).
create table erasure_tombstones (
    kind       text        not null check (kind in ('conversation', 'user')),
    ref_hash   text        not null,
    erased_at  timestamptz not null default now(),
    primary key (kind, ref_hash)
);

-- erasure of a person finds their conversations by the customer's end-user id
create index conversations_user_idx on conversations (user_id) where user_id is not null;
