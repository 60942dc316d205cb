-- Explicit user feedback (thumbs or a 1-5 rating) on a conversation or on one of its messages, sent through
-- POST /api/v1/feedback or as OTLP span events. Written by the processor's feedback consumer (one owner), read by
-- scoring (it joins the health score and the negative_feedback finding) and by dashboard-api.
-- Keyed by the client's ids (environment + conversation external id) rather than conversations.id: feedback may
-- arrive before the processor has written the conversation row, and it must count once it does.
-- Idempotent per (conversation, message, user): a second rating by the same user on the same message replaces the
-- first. '' stands for "no message" (feedback on the whole conversation) and "no user" (anonymous), so the unique
-- key needs no NULL handling.
create table feedback (
    id                        uuid primary key default gen_random_uuid(),
    environment               text        not null,
    conversation_external_id  text        not null check (length(conversation_external_id) between 1 and 256),
    message_external_id       text        not null default '',
    user_id                   text        not null default '',
    kind                      text        not null check (kind in ('thumbs', 'rating')),
    value                     smallint    not null,
    -- -1 negative, 0 neutral, 1 positive: thumbs as given; a rating of 1-2 is negative, 3 neutral, 4-5 positive
    polarity                  smallint    generated always as (
                                  case when kind = 'thumbs' then value
                                       when value <= 2 then -1
                                       when value >= 4 then 1
                                       else 0 end) stored,
    comment                   text,
    given_at                  timestamptz not null,
    api_key_id                uuid,
    source                    text        not null default 'api' check (source in ('api', 'otlp')),
    received_at               timestamptz not null default now(),
    updated_at                timestamptz not null default now(),
    constraint feedback_identity_key
        unique (environment, conversation_external_id, message_external_id, user_id),
    constraint feedback_value_check
        check ((kind = 'thumbs' and value in (-1, 1)) or (kind = 'rating' and value between 1 and 5))
);
create index feedback_given_idx on feedback (given_at desc);
-- "has negative feedback" filter and KPI
create index feedback_negative_idx on feedback (environment, conversation_external_id) where polarity < 0;
