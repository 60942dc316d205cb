-- Outbox flag for the health-crossing alert, like failures.alert_pending: set in the scoring transaction that sees
-- the score cross below the threshold, cleared once the alert event is on sensei:alerts.
alter table conversations add column health_alert_pending boolean not null default false;
