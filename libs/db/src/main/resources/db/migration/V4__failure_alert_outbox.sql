-- Outbox flag for failure alerts: set when the process consumer inserts a failure, cleared once its alert event is on
-- the sensei:alerts stream. A publish that fails after the scoring commit leaves the flag set, so the next scoring of
-- the conversation (the redelivered entry, or the next message) publishes the alert again; the alerts consumer's
-- dedupe key keeps that to one alert.
alter table failures add column alert_pending boolean not null default false;
create index failures_alert_pending_idx on failures (conversation_id) where alert_pending;
