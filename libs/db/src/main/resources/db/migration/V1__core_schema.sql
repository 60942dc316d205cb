-- Sensei core schema. One ordered Flyway history for the one database; every service may run it at start
-- (Flyway serialises concurrent migrators with a PostgreSQL advisory lock).

-- ---------------------------------------------------------------------------------------------------------
-- Conversations and messages (written by the processor's ingest consumer, scored by its process consumer)
-- ---------------------------------------------------------------------------------------------------------
create table conversations (
    id                uuid primary key default gen_random_uuid(),
    external_id       text        not null check (length(external_id) between 1 and 256),
    environment       text        not null default 'production',
    user_id           text,
    metadata          jsonb       not null default '{}'::jsonb,
    api_key_id        uuid,
    message_count     integer     not null default 0,
    first_message_at  timestamptz,
    last_message_at   timestamptz,
    -- last time anything arrived for the conversation; the dashboard's timeframe and default sort use it
    last_activity_at  timestamptz not null default now(),
    ended             boolean     not null default false,
    ended_at          timestamptz,
    ended_reason      text check (ended_reason in ('client', 'inactivity')),
    -- analysis results (null until the process consumer has scored the conversation)
    health_score      double precision check (health_score between 0 and 100),
    health_breakdown  jsonb,
    health_version    text,
    scored_at         timestamptz,
    sentiment_avg     double precision,
    sentiment_min     double precision,
    sentiment_last    double precision,
    sentiment_trend   double precision,
    has_failures      boolean     not null default false,
    failure_count     integer     not null default 0,
    failure_types     text[]      not null default '{}',
    max_severity      text check (max_severity in ('low', 'medium', 'high', 'critical')),
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    constraint conversations_external_env_key unique (external_id, environment)
);

-- keyset pagination: (sort key, id) pairs, both directions served by one btree each
create index conversations_activity_idx on conversations (last_activity_at desc, id desc);
create index conversations_health_idx on conversations (health_score, id);
create index conversations_env_activity_idx on conversations (environment, last_activity_at desc, id desc);
create index conversations_failing_activity_idx on conversations (last_activity_at desc, id desc) where has_failures;
create index conversations_failure_types_idx on conversations using gin (failure_types);
-- inactivity sweep: open conversations ordered by their last activity
create index conversations_open_activity_idx on conversations (last_activity_at) where not ended;

create table messages (
    id               bigint generated always as identity primary key,
    conversation_id  uuid        not null references conversations (id) on delete cascade,
    -- the client's message id when it sent one; otherwise null
    external_id      text,
    -- client message id, or sha-256 of role + timestamp + content: makes re-sends idempotent
    dedup_key        text        not null,
    role             text        not null check (role in ('user', 'assistant', 'system', 'tool')),
    content          text        not null,
    sent_at          timestamptz not null,
    metadata         jsonb       not null default '{}'::jsonb,
    latency_ms       integer,
    tokens           integer,
    sentiment_score  double precision check (sentiment_score between -1 and 1),
    received_at      timestamptz not null default now(),
    constraint messages_conversation_dedup_key unique (conversation_id, dedup_key)
);
create index messages_conversation_order_idx on messages (conversation_id, sent_at, id);
-- free-text search (q) over message content; 'simple' keeps every language's words
create index messages_content_fts_idx on messages using gin (to_tsvector('simple', content));

-- ---------------------------------------------------------------------------------------------------------
-- Failures (one row per conversation + type + fingerprint; people move them open -> ack -> resolved)
-- ---------------------------------------------------------------------------------------------------------
create table failures (
    id                 uuid primary key default gen_random_uuid(),
    conversation_id    uuid        not null references conversations (id) on delete cascade,
    type               text        not null,
    severity           text        not null check (severity in ('low', 'medium', 'high', 'critical')),
    confidence         double precision not null check (confidence between 0 and 1),
    fingerprint        text        not null,
    explanation        text        not null,
    evidence           jsonb       not null default '[]'::jsonb,
    source             text        not null default 'rules' check (source in ('rules', 'llm')),
    status             text        not null default 'open' check (status in ('open', 'ack', 'resolved')),
    status_changed_at  timestamptz,
    status_changed_by  text,
    detected_at        timestamptz not null default now(),
    last_seen_at       timestamptz not null default now(),
    constraint failures_conversation_type_fingerprint_key unique (conversation_id, type, fingerprint)
);
create index failures_detected_idx on failures (detected_at desc, id desc);
create index failures_status_detected_idx on failures (status, detected_at desc, id desc);
create index failures_type_detected_idx on failures (type, detected_at desc, id desc);
create index failures_severity_detected_idx on failures (severity, detected_at desc, id desc);
create index failures_conversation_idx on failures (conversation_id);

-- LLM-judge output, kept beside (never instead of) the rule-based findings
create table conversation_judgments (
    id               uuid primary key default gen_random_uuid(),
    conversation_id  uuid        not null references conversations (id) on delete cascade,
    model            text        not null,
    failure_types    text[]      not null default '{}',
    summary          text,
    raw              jsonb,
    created_at       timestamptz not null default now()
);
create index conversation_judgments_conversation_idx on conversation_judgments (conversation_id, created_at desc);

-- ---------------------------------------------------------------------------------------------------------
-- Alerts (every alert decision is recorded, sent or not; dedupe_key makes one alert per conversation + type)
-- ---------------------------------------------------------------------------------------------------------
create table alerts (
    id               uuid primary key default gen_random_uuid(),
    dedupe_key       text        not null unique,
    kind             text        not null check (kind in ('failure', 'health', 'digest', 'test')),
    conversation_id  uuid references conversations (id) on delete cascade,
    failure_id       uuid references failures (id) on delete set null,
    failure_type     text,
    severity         text,
    status           text        not null default 'pending'
                     check (status in ('pending', 'sent', 'recorded', 'suppressed', 'digested', 'failed')),
    payload          jsonb,
    attempts         integer     not null default 0,
    response_status  integer,
    response_body    text,
    created_at       timestamptz not null default now(),
    sent_at          timestamptz
);
create index alerts_created_idx on alerts (created_at desc);
create index alerts_type_created_idx on alerts (failure_type, created_at desc);

-- ---------------------------------------------------------------------------------------------------------
-- Usage patterns (one pattern run writes its clusters atomically; the dashboard shows the latest run)
-- ---------------------------------------------------------------------------------------------------------
create table pattern_runs (
    id                  uuid primary key default gen_random_uuid(),
    trigger             text        not null check (trigger in ('manual', 'scheduled')),
    requested_by        text,
    status              text        not null default 'queued'
                        check (status in ('queued', 'running', 'succeeded', 'failed')),
    progress            double precision not null default 0 check (progress between 0 and 1),
    stage               text,
    conversation_count  integer,
    cluster_count       integer,
    silhouette          double precision,
    error               text,
    created_at          timestamptz not null default now(),
    started_at          timestamptz,
    finished_at         timestamptz
);
create index pattern_runs_created_idx on pattern_runs (created_at desc);
-- one run at a time across replicas: at most one queued or running row
create unique index pattern_runs_single_active_idx on pattern_runs ((true)) where status in ('queued', 'running');

create table usage_patterns (
    id                 uuid primary key default gen_random_uuid(),
    run_id             uuid        not null references pattern_runs (id) on delete cascade,
    label              text        not null,
    keywords           text[]      not null default '{}',
    size               integer     not null,
    avg_health         double precision,
    failure_share      double precision not null default 0,
    failure_breakdown  jsonb       not null default '{}'::jsonb,
    previous_size      integer,
    growth             double precision,
    created_at         timestamptz not null default now()
);
create index usage_patterns_run_idx on usage_patterns (run_id, size desc);

create table pattern_conversations (
    pattern_id       uuid not null references usage_patterns (id) on delete cascade,
    conversation_id  uuid not null references conversations (id) on delete cascade,
    distance         double precision,
    primary key (pattern_id, conversation_id)
);
create index pattern_conversations_conversation_idx on pattern_conversations (conversation_id);

-- Embeddings stored portably as real[]; V2 adds pgvector similarity search where the extension exists.
create table conversation_embeddings (
    conversation_id  uuid primary key references conversations (id) on delete cascade,
    model            text        not null,
    dimensions       integer     not null,
    embedding        real[]      not null,
    content_hash     text        not null,
    updated_at       timestamptz not null default now()
);

-- ---------------------------------------------------------------------------------------------------------
-- Administration
-- ---------------------------------------------------------------------------------------------------------
create table api_keys (
    id            uuid primary key default gen_random_uuid(),
    name          text        not null check (length(name) between 1 and 100),
    -- visible part of the key, stored in clear for lookup
    prefix        text        not null unique,
    -- slow hash of the secret part (format defined by libs/keys)
    secret_hash   text        not null,
    created_at    timestamptz not null default now(),
    created_by    text,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    revoked_by    text
);

create table app_settings (
    id                 integer primary key default 1 check (id = 1),
    slack_webhook_url  text,
    alert_thresholds   jsonb       not null default
        '{"min_severity": "high", "health_below": 40, "cooldown_minutes": 10, "digest_after_per_minute": 5}'::jsonb,
    updated_at         timestamptz not null default now(),
    updated_by         text
);
insert into app_settings (id) values (1);

create table saved_views (
    id          uuid primary key default gen_random_uuid(),
    owner       text        not null,
    name        text        not null check (length(name) between 1 and 100),
    scope       text        not null default 'conversations',
    config      jsonb       not null default '{}'::jsonb,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    constraint saved_views_owner_scope_name_key unique (owner, scope, name)
);

-- Scaffolding for user management (local login and Supabase users share these)
create table user_profiles (
    id            uuid primary key default gen_random_uuid(),
    subject       text        not null unique,
    email         text,
    display_name  text,
    role          text        not null default 'member',
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);

create table user_sessions (
    id          uuid primary key default gen_random_uuid(),
    subject     text        not null,
    issued_at   timestamptz not null default now(),
    expires_at  timestamptz not null,
    user_agent  text,
    ip          text
);
create index user_sessions_subject_idx on user_sessions (subject, issued_at desc);

create table user_security_logs (
    id          bigint generated always as identity primary key,
    subject     text,
    email       text,
    event       text        not null,
    ip          text,
    detail      jsonb,
    created_at  timestamptz not null default now()
);
create index user_security_logs_email_created_idx on user_security_logs (email, created_at desc);
