-- Reads at 1M conversations (issue 12): the KPI summary and the health distribution, second step.
--
-- Measured (auto_explain of /analytics/summary, 30 days): most of the statement's time was the raw rows at its cuts,
-- not the rollups. A period's start and end and the boundary with the previous period fall inside hours, and those
-- partial hours were read raw: about 460 conversations an hour at 1M conversations over 90 days, and every failure
-- detected in them, each looked up in conversations for its environment (16,219 lookups, 65k buffers, 90 ms, after
-- a burst of re-scoring put 21k failures into the current hour). Messages already had a minute grain for this.
--   1. Conversations and failures are rolled up per minute as well, and their deltas are per minute: readers take the
--      whole minutes of the partial hours from the minute tables and only the partial minutes raw (a few rows).
--   2. Conversations are rolled up per UTC day as well (failures already were): a 30-day summary sums about 60 day rows
--      per environment instead of 1,440 hour rows, and the stored total sums days instead of every hour.
-- The compactor folds each delta into every grain in one transaction; the triggers still write one delta row per
-- (minute, environment[, type, status, severity]) and statement. AnalyticsRollupsTest and AnalyticsRollupReadTest
-- compare every grain and every answer with the raw query.

-- every writer's delta waits here until the new triggers are in place (they insert into these tables)
lock table conversation_rollup_deltas, failure_rollup_deltas in access exclusive mode;

alter table conversation_rollup_deltas rename column hour to minute;
alter index conversation_rollup_deltas_hour_idx rename to conversation_rollup_deltas_minute_idx;
alter table failure_rollup_deltas rename column hour to minute;
alter index failure_rollup_deltas_hour_idx rename to failure_rollup_deltas_minute_idx;

create table conversation_minute_rollups (like conversation_rollups including defaults);
alter table conversation_minute_rollups rename column hour to minute;
alter table conversation_minute_rollups add primary key (minute, environment);
create table conversation_daily_rollups (like conversation_rollups including defaults);
alter table conversation_daily_rollups rename column hour to day;
alter table conversation_daily_rollups add primary key (day, environment);

create table failure_minute_rollups (like failure_rollups including defaults);
alter table failure_minute_rollups rename column hour to minute;
alter table failure_minute_rollups add primary key (minute, environment, type, status, severity);
-- the KPI's open failures of one environment, as for the hourly and daily tables
create index failure_minute_rollups_env_status_minute_idx on failure_minute_rollups (environment, status, minute)
    include (failures);

-- A conversation row's contribution now lands in its minute (V21's definition otherwise).
create or replace function sensei_private.conversation_contribution(c conversations, sign int)
    returns setof conversation_rollup_deltas
language sql immutable rows 1
as $fn$
    select date_trunc('minute', c.last_activity_at at time zone 'UTC') at time zone 'UTC', c.environment,
           b.s,
           case when c.health_score is null then 0::bigint else b.s end,
           case when c.health_score is null then 0::numeric else b.s * c.health_score::numeric end,
           case when c.has_failures then b.s else 0::bigint end,
           case when c.feedback_count > 0 then b.s else 0::bigint end,
           case when c.negative_feedback_count > 0 then b.s else 0::bigint end,
           case when b.band = 0 then b.s else 0::bigint end, case when b.band = 1 then b.s else 0::bigint end,
           case when b.band = 2 then b.s else 0::bigint end, case when b.band = 3 then b.s else 0::bigint end,
           case when b.band = 4 then b.s else 0::bigint end, case when b.band = 5 then b.s else 0::bigint end,
           case when b.band = 6 then b.s else 0::bigint end, case when b.band = 7 then b.s else 0::bigint end,
           case when b.band = 8 then b.s else 0::bigint end, case when b.band = 9 then b.s else 0::bigint end
    from (select sign::bigint as s,
                 width_bucket(c.health_score::float8, array[10, 20, 30, 40, 50, 60, 70, 80, 90]::float8[]) as band) b
$fn$;

create or replace function sensei_private.add_conversation_deltas(contributions conversation_rollup_deltas[])
    returns void
language plpgsql
as $fn$
begin
    insert into conversation_rollup_deltas
    select d.* from (
        select minute, environment, sum(conversations) as conversations, sum(scored) as scored,
               sum(health_sum) as health_sum, sum(failing) as failing, sum(with_feedback) as with_feedback,
               sum(negative_feedback) as negative_feedback, sum(band_0) as band_0, sum(band_1) as band_1,
               sum(band_2) as band_2, sum(band_3) as band_3, sum(band_4) as band_4, sum(band_5) as band_5,
               sum(band_6) as band_6, sum(band_7) as band_7, sum(band_8) as band_8, sum(band_9) as band_9
        from unnest(contributions) group by 1, 2) d
    where (d.conversations, d.scored, d.health_sum, d.failing, d.with_feedback, d.negative_feedback, d.band_0,
           d.band_1, d.band_2, d.band_3, d.band_4, d.band_5, d.band_6, d.band_7, d.band_8, d.band_9)
          is distinct from (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
end
$fn$;

create or replace function sensei_private.failure_rollup_trigger() returns trigger
language plpgsql
as $fn$
begin
    if tg_op = 'INSERT' then
        insert into failure_rollup_deltas
        select date_trunc('minute', x.detected_at at time zone 'UTC') at time zone 'UTC', c.environment, x.type,
               x.status, x.severity, count(*)
        from new_rows x join conversations c on c.id = x.conversation_id group by 1, 2, 3, 4, 5;
    elsif tg_op = 'DELETE' then
        insert into failure_rollup_deltas
        select date_trunc('minute', x.detected_at at time zone 'UTC') at time zone 'UTC', c.environment, x.type,
               x.status, x.severity, -count(*)
        from old_rows x join conversations c on c.id = x.conversation_id group by 1, 2, 3, 4, 5;
    else
        insert into failure_rollup_deltas
        select minute, environment, type, status, severity, n from (
            select date_trunc('minute', d.detected_at at time zone 'UTC') at time zone 'UTC' as minute, c.environment,
                   d.type, d.status, d.severity, sum(d.sign) as n
            from (select x.conversation_id, x.detected_at, x.type, x.status, x.severity, 1 as sign from new_rows x
                  union all
                  select y.conversation_id, y.detected_at, y.type, y.status, y.severity, -1 from old_rows y) d
            join conversations c on c.id = d.conversation_id
            group by 1, 2, 3, 4, 5) g
        where n <> 0;
    end if;
    return null;
end
$fn$;

-- V21's, with the failures' minute
create or replace function sensei_private.conversation_children_rollup_trigger() returns trigger
language plpgsql
as $fn$
begin
    insert into message_rollup_deltas
    select date_trunc('minute', m.sent_at at time zone 'UTC') at time zone 'UTC', old.environment, -count(*)
    from (select sent_at from messages where conversation_id = old.id for update) m group by 1;
    insert into failure_rollup_deltas
    select date_trunc('minute', f.detected_at at time zone 'UTC') at time zone 'UTC', old.environment, f.type,
           f.status, f.severity, -count(*)
    from (select detected_at, type, status, severity from failures where conversation_id = old.id for update) f
    group by 1, 3, 4, 5;
    return old;
end
$fn$;

-- V19's, with the new grains: TRUNCATE fires no row or statement trigger, so it empties what the truncated table fed
create or replace function sensei_private.rollups_truncate_trigger() returns trigger
language plpgsql
as $fn$
begin
    if tg_table_name = 'conversations' then
        truncate conversation_rollups, conversation_minute_rollups, conversation_daily_rollups,
                 conversation_rollup_deltas, message_rollups, message_minute_rollups, message_rollup_deltas,
                 failure_rollups, failure_minute_rollups, failure_daily_rollups, failure_rollup_deltas;
    elsif tg_table_name = 'messages' then
        truncate message_rollups, message_minute_rollups, message_rollup_deltas;
    elsif tg_table_name = 'failures' then
        truncate failure_rollups, failure_minute_rollups, failure_daily_rollups, failure_rollup_deltas;
    elsif tg_table_name = 'feedback' then
        update conversations set feedback_count = 0, negative_feedback_count = 0
        where feedback_count <> 0 or negative_feedback_count <> 0;
    end if;
    return null;
end
$fn$;

-- Folds every delta into each grain of its table, in one transaction (readers see the deltas or the rollups, never
-- both nor neither). Returns the rollup rows written.
create or replace function sensei_private.compact_analytics_rollups() returns bigint
language plpgsql
as $fn$
declare
    written bigint := 0;
    n bigint;
begin
    if not pg_try_advisory_xact_lock(7345734519) then
        return 0;
    end if;
    with d as (delete from conversation_rollup_deltas returning *),
    conversation_minute_rollups_rows as (
        insert into conversation_minute_rollups as r
        select minute, environment,
               sum(conversations), sum(scored), sum(health_sum), sum(failing), sum(with_feedback), sum(negative_feedback),
               sum(band_0), sum(band_1), sum(band_2), sum(band_3), sum(band_4), sum(band_5), sum(band_6), sum(band_7),
               sum(band_8), sum(band_9)
        from d group by 1, 2
        on conflict (minute, environment) do update set
            conversations = r.conversations + excluded.conversations, scored = r.scored + excluded.scored,
            health_sum = r.health_sum + excluded.health_sum, failing = r.failing + excluded.failing,
            with_feedback = r.with_feedback + excluded.with_feedback,
            negative_feedback = r.negative_feedback + excluded.negative_feedback, band_0 = r.band_0 + excluded.band_0,
            band_1 = r.band_1 + excluded.band_1, band_2 = r.band_2 + excluded.band_2,
            band_3 = r.band_3 + excluded.band_3, band_4 = r.band_4 + excluded.band_4,
            band_5 = r.band_5 + excluded.band_5, band_6 = r.band_6 + excluded.band_6,
            band_7 = r.band_7 + excluded.band_7, band_8 = r.band_8 + excluded.band_8,
            band_9 = r.band_9 + excluded.band_9
        returning 1),
    conversation_rollups_rows as (
        insert into conversation_rollups as r
        select date_trunc('hour', minute at time zone 'UTC') at time zone 'UTC', environment,
               sum(conversations), sum(scored), sum(health_sum), sum(failing), sum(with_feedback), sum(negative_feedback),
               sum(band_0), sum(band_1), sum(band_2), sum(band_3), sum(band_4), sum(band_5), sum(band_6), sum(band_7),
               sum(band_8), sum(band_9)
        from d group by 1, 2
        on conflict (hour, environment) do update set
            conversations = r.conversations + excluded.conversations, scored = r.scored + excluded.scored,
            health_sum = r.health_sum + excluded.health_sum, failing = r.failing + excluded.failing,
            with_feedback = r.with_feedback + excluded.with_feedback,
            negative_feedback = r.negative_feedback + excluded.negative_feedback, band_0 = r.band_0 + excluded.band_0,
            band_1 = r.band_1 + excluded.band_1, band_2 = r.band_2 + excluded.band_2,
            band_3 = r.band_3 + excluded.band_3, band_4 = r.band_4 + excluded.band_4,
            band_5 = r.band_5 + excluded.band_5, band_6 = r.band_6 + excluded.band_6,
            band_7 = r.band_7 + excluded.band_7, band_8 = r.band_8 + excluded.band_8,
            band_9 = r.band_9 + excluded.band_9
        returning 1),
    conversation_daily_rollups_rows as (
        insert into conversation_daily_rollups as r
        select date_trunc('day', minute at time zone 'UTC') at time zone 'UTC', environment,
               sum(conversations), sum(scored), sum(health_sum), sum(failing), sum(with_feedback), sum(negative_feedback),
               sum(band_0), sum(band_1), sum(band_2), sum(band_3), sum(band_4), sum(band_5), sum(band_6), sum(band_7),
               sum(band_8), sum(band_9)
        from d group by 1, 2
        on conflict (day, environment) do update set
            conversations = r.conversations + excluded.conversations, scored = r.scored + excluded.scored,
            health_sum = r.health_sum + excluded.health_sum, failing = r.failing + excluded.failing,
            with_feedback = r.with_feedback + excluded.with_feedback,
            negative_feedback = r.negative_feedback + excluded.negative_feedback, band_0 = r.band_0 + excluded.band_0,
            band_1 = r.band_1 + excluded.band_1, band_2 = r.band_2 + excluded.band_2,
            band_3 = r.band_3 + excluded.band_3, band_4 = r.band_4 + excluded.band_4,
            band_5 = r.band_5 + excluded.band_5, band_6 = r.band_6 + excluded.band_6,
            band_7 = r.band_7 + excluded.band_7, band_8 = r.band_8 + excluded.band_8,
            band_9 = r.band_9 + excluded.band_9
        returning 1)
    select (select count(*) from conversation_minute_rollups_rows) + (select count(*) from conversation_rollups_rows)
           + (select count(*) from conversation_daily_rollups_rows) into n;
    written := written + n;

    with d as (delete from message_rollup_deltas returning *),
    hourly as (
        insert into message_rollups as r
        select date_trunc('hour', minute at time zone 'UTC') at time zone 'UTC', environment, sum(messages)
        from d group by 1, 2
        on conflict (hour, environment) do update set messages = r.messages + excluded.messages
        returning 1),
    minutes as (
        insert into message_minute_rollups as r select minute, environment, sum(messages) from d group by 1, 2
        on conflict (minute, environment) do update set messages = r.messages + excluded.messages
        returning 1)
    select (select count(*) from hourly) + (select count(*) from minutes) into n;
    written := written + n;

    with d as (delete from failure_rollup_deltas returning *),
    minutes as (
        insert into failure_minute_rollups as r select minute, environment, type, status, severity, sum(failures)
        from d group by 1, 2, 3, 4, 5
        on conflict (minute, environment, type, status, severity) do update set failures = r.failures + excluded.failures
        returning 1),
    hourly as (
        insert into failure_rollups as r
        select date_trunc('hour', minute at time zone 'UTC') at time zone 'UTC', environment, type, status, severity,
               sum(failures)
        from d group by 1, 2, 3, 4, 5
        on conflict (hour, environment, type, status, severity) do update set failures = r.failures + excluded.failures
        returning 1),
    daily as (
        insert into failure_daily_rollups as r
        select date_trunc('day', minute at time zone 'UTC') at time zone 'UTC', environment, type, status, severity,
               sum(failures)
        from d group by 1, 2, 3, 4, 5
        on conflict (day, environment, type, status, severity) do update set failures = r.failures + excluded.failures
        returning 1)
    select (select count(*) from minutes) + (select count(*) from hourly) + (select count(*) from daily) into n;
    written := written + n;
    return written;
end
$fn$;

-- V21's rebuild, every grain: conversations and failures go through the deltas (the triggers' own definitions) and
-- one compaction, messages are counted per minute and summed per hour.
create or replace function sensei_private.rebuild_analytics_rollups() returns void
language plpgsql
as $fn$
begin
    update conversations c set feedback_count = f.total, negative_feedback_count = f.negative
    from (select environment, conversation_external_id, count(*)::int as total,
                 (count(*) filter (where polarity < 0))::int as negative
          from feedback group by 1, 2) f
    where c.environment = f.environment and c.external_id = f.conversation_external_id;
    truncate conversation_rollups, conversation_minute_rollups, conversation_daily_rollups, conversation_rollup_deltas,
             message_rollups, message_minute_rollups, message_rollup_deltas,
             failure_rollups, failure_minute_rollups, failure_daily_rollups, failure_rollup_deltas;
    insert into conversation_rollup_deltas
    select d.* from conversations c, lateral sensei_private.conversation_contribution(c, 1) d;
    insert into message_minute_rollups
    select date_trunc('minute', m.sent_at at time zone 'UTC') at time zone 'UTC', c.environment, count(*)
    from messages m join conversations c on c.id = m.conversation_id group by 1, 2;
    insert into message_rollups
    select date_trunc('hour', minute at time zone 'UTC') at time zone 'UTC', environment, sum(messages)
    from message_minute_rollups group by 1, 2;
    insert into failure_rollup_deltas
    select date_trunc('minute', f.detected_at at time zone 'UTC') at time zone 'UTC', c.environment, f.type, f.status,
           f.severity, count(*)
    from failures f join conversations c on c.id = f.conversation_id group by 1, 2, 3, 4, 5;
    -- folds the deltas just written (the advisory lock is free: nothing else writes during a rebuild)
    perform sensei_private.compact_analytics_rollups();
    -- the fold deleted a row per conversation and failure: left as dead tuples, every reader of the (empty) deltas
    -- scanned them until a vacuum (measured: 22k pages, 50-200 ms per summary after a 1M rebuild)
    truncate conversation_rollup_deltas, failure_rollup_deltas;
end
$fn$;

-- the new grains from what is stored (the hourly and daily tables are recounted with them, so all agree)
select sensei_private.rebuild_analytics_rollups();
analyze conversation_minute_rollups, conversation_daily_rollups, failure_minute_rollups, conversation_rollups,
        failure_rollups, failure_daily_rollups;
