-- dashboard-api's overview counts messages per period by sent_at (GET /api/v1/analytics/summary); without this index
-- that count reads the whole messages table.
create index if not exists messages_sent_at_idx on messages (sent_at);
