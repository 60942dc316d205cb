-- The write path, second step (issue 12): what the V19 rollup triggers and the scoring statement cost Postgres.
--
-- Measured on one scoring (EXPLAIN ANALYZE of the processor's write statement): 12 ms, of which 6.4 ms in the rollup
-- triggers, 2.4 ms in pruning, 0.6 ms planning feedback_counts. Under load Postgres spent 18 ms of CPU per conversation
-- and was half the box. The causes, and what this migration does about each:
--   1. The conversation and failure triggers built their statement with format() and ran it with EXECUTE: planned
--      anew on every statement. They now run static SQL, which PL/pgSQL prepares once per session. (They still
--      fire on every UPDATE: Postgres allows no column list on a trigger with transition tables.)
--   2. Scoring's pruning (`conversation_id = $1 and status = 'open'`) was planned as a BitmapAnd with the
--      (status, detected_at) index, i.e. a scan of every open failure of the database (22k rows, 2.4 ms, on a small
--      bench database; 466k at 1M conversations). One (conversation_id, status) index serves both conditions and
--      replaces the (conversation_id) one.
--   3. feedback_counts was a SQL function called as a function (not inlined), so its body was planned on every call:
--      once per inserted conversation row and once per scoring. As PL/pgSQL its plan is kept.
--   4. A conversation's deletion now locks the messages and failures it subtracts (a race, below).
-- What the rollups hold does not change; AnalyticsRollupsTest still compares every figure with the raw query.

-- One conversation row's contribution to its hour's figures, signed (+1 for a new version, -1 for the old one). The
-- one definition of what a conversation counts for: the trigger and the rebuild both use it. Bands by width_bucket on
-- the thresholds, not by division, so a band edge compares exactly as "health_score >= 20" does.
-- One row always; declared as a set so that Postgres inlines it into the caller's (cached) plan instead of planning
-- its body on every call.
create function sensei_private.conversation_contribution(c conversations, sign int)
    returns setof conversation_rollup_deltas
language sql immutable rows 1
as $fn$
    -- every column typed as the deltas table's (a SQL function returning a row type must match it exactly)
    select date_trunc('hour', c.last_activity_at at time zone 'UTC') at time zone 'UTC', c.environment,
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

-- Adds contributions to the deltas, one row per (hour, environment); groups that sum to zero everywhere (an update
-- that left the row's figures where they were, such as a new message in the same hour) are not written.
create function sensei_private.add_conversation_deltas(contributions conversation_rollup_deltas[]) returns void
language plpgsql
as $fn$
begin
    insert into conversation_rollup_deltas
    select d.* from (
        select hour, environment, sum(conversations) as conversations, sum(scored) as scored,
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

create or replace function sensei_private.conversation_rollup_trigger() returns trigger
language plpgsql
as $fn$
begin
    if tg_op = 'INSERT' then
        perform sensei_private.add_conversation_deltas(array(
            select d from new_rows n, lateral sensei_private.conversation_contribution(n, 1) d));
    elsif tg_op = 'DELETE' then
        perform sensei_private.add_conversation_deltas(array(
            select d from old_rows o, lateral sensei_private.conversation_contribution(o, -1) d));
    else
        perform sensei_private.add_conversation_deltas(array(
            select d from new_rows n, lateral sensei_private.conversation_contribution(n, 1) d
            union all
            select d from old_rows o, lateral sensei_private.conversation_contribution(o, -1) d));
    end if;
    return null;
end
$fn$;

create or replace function sensei_private.failure_rollup_trigger() returns trigger
language plpgsql
as $fn$
begin
    if tg_op = 'INSERT' then
        insert into failure_rollup_deltas
        select date_trunc('hour', x.detected_at at time zone 'UTC') at time zone 'UTC', c.environment, x.type, x.status,
               x.severity, count(*)
        from new_rows x join conversations c on c.id = x.conversation_id group by 1, 2, 3, 4, 5;
    elsif tg_op = 'DELETE' then
        insert into failure_rollup_deltas
        select date_trunc('hour', x.detected_at at time zone 'UTC') at time zone 'UTC', c.environment, x.type, x.status,
               x.severity, -count(*)
        from old_rows x join conversations c on c.id = x.conversation_id group by 1, 2, 3, 4, 5;
    else
        insert into failure_rollup_deltas
        select hour, environment, type, status, severity, n from (
            select date_trunc('hour', d.detected_at at time zone 'UTC') at time zone 'UTC' as hour, c.environment,
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

-- A conversation's deletion subtracts its messages and failures (V19) as they are when the cascade deletes them: the
-- rows are locked first, so a triage update or a message deletion committed meanwhile is waited for and seen (its own
-- delta already counted it), and one that comes after finds the rows gone. V19 read them unlocked, from the deleting
-- statement's snapshot: a failure re-triaged in between was subtracted under its old status and left its new one
-- counted (AnalyticsRollupsTest.concurrentWriters__countExactly caught it once the triggers ran faster).
create or replace function sensei_private.conversation_children_rollup_trigger() returns trigger
language plpgsql
as $fn$
begin
    insert into message_rollup_deltas
    select date_trunc('minute', m.sent_at at time zone 'UTC') at time zone 'UTC', old.environment, -count(*)
    from (select sent_at from messages where conversation_id = old.id for update) m group by 1;
    insert into failure_rollup_deltas
    select date_trunc('hour', f.detected_at at time zone 'UTC') at time zone 'UTC', old.environment, f.type, f.status,
           f.severity, -count(*)
    from (select detected_at, type, status, severity from failures where conversation_id = old.id for update) f
    group by 1, 3, 4, 5;
    return old;
end
$fn$;

create or replace function sensei_private.feedback_counts(environment text, external_id text,
                                                          out total integer, out negative integer)
language plpgsql stable
as $fn$
begin
    select count(*)::int, (count(*) filter (where f.polarity < 0))::int into total, negative from feedback f
    where f.environment = feedback_counts.environment and f.conversation_external_id = feedback_counts.external_id;
end
$fn$;

create index failures_conversation_status_idx on failures (conversation_id, status);
drop index failures_conversation_idx;

-- The rebuild counts conversations through the same contribution as the trigger (the deltas, then one compaction),
-- instead of V19's generated statement.
create or replace function sensei_private.rebuild_analytics_rollups() returns void
language plpgsql
as $fn$
begin
    update conversations c set feedback_count = f.total, negative_feedback_count = f.negative
    from (select environment, conversation_external_id, count(*)::int as total,
                 (count(*) filter (where polarity < 0))::int as negative
          from feedback group by 1, 2) f
    where c.environment = f.environment and c.external_id = f.conversation_external_id;
    truncate conversation_rollups, conversation_rollup_deltas, message_rollups, message_minute_rollups,
             message_rollup_deltas, failure_rollups, failure_daily_rollups, failure_rollup_deltas;
    insert into conversation_rollup_deltas
    select d.* from conversations c, lateral sensei_private.conversation_contribution(c, 1) d;
    insert into message_minute_rollups
    select date_trunc('minute', m.sent_at at time zone 'UTC') at time zone 'UTC', c.environment, count(*)
    from messages m join conversations c on c.id = m.conversation_id group by 1, 2;
    insert into message_rollups
    select date_trunc('hour', minute at time zone 'UTC') at time zone 'UTC', environment, sum(messages)
    from message_minute_rollups group by 1, 2;
    insert into failure_rollups
    select date_trunc('hour', f.detected_at at time zone 'UTC') at time zone 'UTC', c.environment, f.type, f.status,
           f.severity, count(*)
    from failures f join conversations c on c.id = f.conversation_id group by 1, 2, 3, 4, 5;
    insert into failure_daily_rollups
    select date_trunc('day', hour at time zone 'UTC') at time zone 'UTC', environment, type, status, severity,
           sum(failures)
    from failure_rollups group by 1, 2, 3, 4, 5;
    -- folds the conversation deltas just written (the advisory lock is free: nothing else writes during a rebuild)
    perform sensei_private.compact_analytics_rollups();
end
$fn$;

-- V19's statement generators have no caller left
drop function sensei_private.conversation_contributions_insert(regclass, text);
drop function sensei_private.conversation_contribution_sql(text);
drop function sensei_private.conversation_columns(text, int);
