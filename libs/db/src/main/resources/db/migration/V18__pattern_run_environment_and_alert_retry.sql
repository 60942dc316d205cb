-- A pattern run covers one environment (null: every environment, as runs before this version and scheduled runs do);
-- the Patterns page shows the latest run of the environment it is scoped to.
alter table pattern_runs add column environment text check (environment is null or length(environment) between 1 and 64);
create index pattern_runs_env_created_idx on pattern_runs (environment, created_at desc) where status = 'succeeded';

-- When a delivery was last tried and, for a failed one the alerts consumer will deliver again, when it expects to
-- (null: no retry coming: a 4xx such as no_service, or the retries are used up). The Settings page shows both.
alter table alerts add column last_attempt_at timestamptz;
alter table alerts add column next_retry_at timestamptz;
create index alerts_attempted_idx on alerts (last_attempt_at desc) where status in ('sent', 'failed');
-- deliveries recorded before this version: their last attempt is when they were sent, or created
update alerts set last_attempt_at = coalesce(sent_at, created_at) where status in ('sent', 'failed') and attempts > 0;
