-- The write path (issue 12): fewer index writes per message and per conversation update.

-- Contract step of V17: the (conversation_id, sent_at, id) index has had no reader since V17 moved every thread read
-- to id order (messages_conversation_id_idx), and V19's release does not read it either. It cost one more btree
-- insert per message.
drop index if exists messages_conversation_order_idx;

-- A conversation row is rewritten several times (ingest upserts, scoring, triage). Room left on each page lets
-- Postgres keep the new version on the same page, and when no indexed column changed (message_count, feedback
-- counters, the alert outbox flag) write it as a heap-only tuple without touching the table's nine indexes. Applies to
-- pages written from now on.
alter table conversations set (fillfactor = 85);
