-- Which API key a conversation belongs to. Written by ingestion-gateway, synchronously, before it answers 202: the
-- first key to send a conversation (external_id + environment) claims it, and any other key gets 403 and changes
-- nothing. A separate table (not conversations.api_key_id) because the conversation row is written later by the
-- processor, and the claim must be decided before the 202 — one INSERT ... ON CONFLICT DO NOTHING settles a race
-- between two keys sending the same new id at once. No foreign key: a deleted key's conversations stay its own.
create table conversation_owners (
    environment  text        not null,
    external_id  text        not null,
    api_key_id   uuid        not null,
    claimed_at   timestamptz not null default now(),
    primary key (environment, external_id)
);

-- conversations stored before this migration belong to the key that wrote them
insert into conversation_owners (environment, external_id, api_key_id)
select environment, external_id, api_key_id from conversations where api_key_id is not null
on conflict do nothing;
