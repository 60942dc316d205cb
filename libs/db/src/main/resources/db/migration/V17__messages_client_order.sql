-- A thread is shown and analysed in the order the client sent its messages, which is id order (the processor
-- inserts a request's messages in array order, requests in arrival order; docs/architecture.md "Message order"),
-- not sent_at order: clients' timestamps tie (same millisecond) and skew (a reply stamped with its simulated
-- latency lands after the user's next message). This index serves the thread's keyset pages, the newest-message
-- preview and the scorer's "newest N messages" read; the (conversation_id, sent_at, id) index it replaces has no
-- reader left, and dropping it keeps one index per message insert instead of two.
create index if not exists messages_conversation_id_idx on messages (conversation_id, id);
drop index if exists messages_conversation_order_idx;
