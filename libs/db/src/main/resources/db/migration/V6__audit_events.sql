-- Who did what to people's data: erasures, retention runs, transcript reveals, role changes. It must hold no personal
-- data itself (an erasure of a person cannot leave their id behind), so `target_ref` is an internal id (a conversation
-- uuid, a subject) or a keyed hash, and `details` carries counts and settings, never message text, emails or user ids.
create table audit_events (
    id           bigint generated always as identity primary key,
    at           timestamptz not null default now(),
    actor        text        not null,  -- subject of the caller, or 'system:retention' for scheduled work
    action       text        not null,  -- e.g. 'user.erase', 'conversation.erase', 'retention.run', 'transcript.reveal', 'member.role'
    target_kind  text,                  -- 'conversation', 'user', 'environment', 'member'
    target_ref   text,
    details      jsonb       not null default '{}'::jsonb
);
create index audit_events_at_idx on audit_events (at desc);
create index audit_events_action_at_idx on audit_events (action, at desc);
