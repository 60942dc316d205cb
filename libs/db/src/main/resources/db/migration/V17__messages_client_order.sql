-- A thread is shown and analysed in the order the client sent its messages, which is id order (the processor
-- inserts a request's messages in array order and requests in arrival order; docs/architecture.md "Message order"),
-- not sent_at order: clients' timestamps tie (same millisecond) and skew (a reply stamped with its latency lands
-- after the user's next message). This index serves the thread's keyset pages, the newest-message preview and the
-- scorer's/judge's "newest N messages" reads.
-- Expand only: the (conversation_id, sent_at, id) index of V1 has no reader in this release, but the previous
-- release still orders by it while both run; a later release drops messages_conversation_order_idx.
create index if not exists messages_conversation_id_idx on messages (conversation_id, id);
