-- OTLP intake (docs/otlp.md): the span or resource attribute that names the conversation for spans sent with this
-- key, tried after the conventional ones (gen_ai.conversation.id, session.id, ai.telemetry.metadata.sessionId).
-- Null: only the conventional ones. Set by an admin through admin-api (PATCH /api/v1/api-keys/{id}).
alter table api_keys add column otlp_conversation_attribute text
    check (otlp_conversation_attribute ~ '^[A-Za-z0-9_.:/-]{1,255}$');
