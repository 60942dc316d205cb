-- Rollups (hourly; messages also per minute, failures also per UTC day) behind the dashboard's KPIs, health distribution, time series and failure trends (issue 12): at 1M
-- conversations the raw aggregates took 0.1-1 s; the rollups answer from a few thousand rows.
--
-- Who keeps them: the database, in the transaction of every write they summarize. Statement-level triggers with
-- transition tables turn each INSERT/UPDATE/DELETE on conversations, messages and failures into signed deltas grouped
-- by (hour or minute, environment[, failure dims]) in *_rollup_deltas: an append-only table, so concurrent writers never wait on
-- one another for a counter row. The processor's compactor (sensei_private.compact_analytics_rollups, every few
-- seconds) folds the deltas into the rollup tables in one transaction. A reader sums rollup + deltas in one snapshot,
-- so every answer is exact at every moment: re-scoring, triage, retention, erasure and late messages all go through the
-- same triggers, whichever service writes. AnalyticsRollupsTest compares every figure with the raw query.
--
-- A conversation counts in the hour of its last activity (as on every dashboard page); a message in the hour it was
-- sent; a failure in the hour it was detected. Hours are UTC (date_trunc on timestamptz with the session's zone would
-- not be: every trigger truncates at time zone 'UTC').

-- Feedback counters on the conversation, so the rollups can count "conversations with (negative) feedback" without a
-- join per conversation. The feedback table (V11) stays the one record; these are derived from it by the triggers below
-- (on feedback, and on a conversation's first insert when its feedback arrived first).
alter table conversations add column feedback_count integer not null default 0;
alter table conversations add column negative_feedback_count integer not null default 0;

create table conversation_rollups (
    hour               timestamptz not null,
    environment        text        not null,
    conversations      bigint      not null default 0,
    -- scored: health_score is not null; health_sum: the sum of those scores (numeric: adding and removing doubles
    -- would drift)
    scored             bigint      not null default 0,
    health_sum         numeric     not null default 0,
    failing            bigint      not null default 0,
    with_feedback      bigint      not null default 0,
    negative_feedback  bigint      not null default 0,
    -- health bands of 10 points: band_i holds [10i, 10i + 10), band_9 also 100
    band_0 bigint not null default 0, band_1 bigint not null default 0, band_2 bigint not null default 0,
    band_3 bigint not null default 0, band_4 bigint not null default 0, band_5 bigint not null default 0,
    band_6 bigint not null default 0, band_7 bigint not null default 0, band_8 bigint not null default 0,
    band_9 bigint not null default 0,
    primary key (hour, environment)
);
create table conversation_rollup_deltas (like conversation_rollups including defaults);
create index conversation_rollup_deltas_hour_idx on conversation_rollup_deltas (hour);

-- Messages are ten times as many as conversations, so a period's partial hours would cost thousands of raw rows (each
-- looked up for its environment); they are also rolled up per minute, which readers use inside the partial hours.
-- The deltas are per minute and the compactor folds them into both tables.
create table message_rollups (
    hour         timestamptz not null,
    environment  text        not null,
    messages     bigint      not null default 0,
    primary key (hour, environment)
);
create table message_minute_rollups (
    minute       timestamptz not null,
    environment  text        not null,
    messages     bigint      not null default 0,
    primary key (minute, environment)
);
create table message_rollup_deltas (like message_minute_rollups including defaults);
create index message_rollup_deltas_minute_idx on message_rollup_deltas (minute);

create table failure_rollups (
    hour         timestamptz not null,
    environment  text        not null,
    type         text        not null,
    status       text        not null,
    severity     text        not null,
    failures     bigint      not null default 0,
    primary key (hour, environment, type, status, severity)
);
-- the KPI's open failures of one environment: an index-only range instead of every type and severity row's heap
create index failure_rollups_env_status_hour_idx on failure_rollups (environment, status, hour) include (failures);
-- and per UTC day, for the 30-day trends (a day holds up to 24 × types × statuses × severities hourly rows); readers
-- take whole days from here and the partial days' whole hours from the hourly table
create table failure_daily_rollups (
    day          timestamptz not null,
    environment  text        not null,
    type         text        not null,
    status       text        not null,
    severity     text        not null,
    failures     bigint      not null default 0,
    primary key (day, environment, type, status, severity)
);
create index failure_daily_rollups_env_status_day_idx on failure_daily_rollups (environment, status, day)
    include (failures);
create table failure_rollup_deltas (like failure_rollups including defaults);
create index failure_rollup_deltas_hour_idx on failure_rollup_deltas (hour);

-- One conversation row's contribution, signed. Shared by the trigger and the rebuild, so both count alike.
create function sensei_private.conversation_contribution_sql(source text) returns text
language sql immutable
as $fn$
    select format($q$
        select date_trunc('hour', c.last_activity_at at time zone 'UTC') at time zone 'UTC' as hour, c.environment,
               sum(c.sign) as conversations,
               sum(c.sign) filter (where c.health_score is not null) as scored,
               sum(c.sign * c.health_score::numeric) filter (where c.health_score is not null) as health_sum,
               sum(c.sign) filter (where c.has_failures) as failing,
               sum(c.sign) filter (where c.feedback_count > 0) as with_feedback,
               sum(c.sign) filter (where c.negative_feedback_count > 0) as negative_feedback,
               sum(c.sign) filter (where c.health_score < 10) as band_0,
               sum(c.sign) filter (where c.health_score >= 10 and c.health_score < 20) as band_1,
               sum(c.sign) filter (where c.health_score >= 20 and c.health_score < 30) as band_2,
               sum(c.sign) filter (where c.health_score >= 30 and c.health_score < 40) as band_3,
               sum(c.sign) filter (where c.health_score >= 40 and c.health_score < 50) as band_4,
               sum(c.sign) filter (where c.health_score >= 50 and c.health_score < 60) as band_5,
               sum(c.sign) filter (where c.health_score >= 60 and c.health_score < 70) as band_6,
               sum(c.sign) filter (where c.health_score >= 70 and c.health_score < 80) as band_7,
               sum(c.sign) filter (where c.health_score >= 80 and c.health_score < 90) as band_8,
               sum(c.sign) filter (where c.health_score >= 90) as band_9
        from (%s) c
        group by 1, 2$q$, source)
$fn$;

-- The statement adding the contributions of the rows `source` selects to `target` (the deltas, or the rollups on a
-- rebuild). Its caller executes it: a trigger's transition tables are visible in the trigger function only.
create function sensei_private.conversation_contributions_insert(target regclass, source text) returns text
language sql immutable
as $fn$
    -- groups whose signed sums are all zero (an update that did not move the row's figures) are not written
    select format($q$
        insert into %s
        select hour, environment, coalesce(conversations, 0), coalesce(scored, 0), coalesce(health_sum, 0),
               coalesce(failing, 0), coalesce(with_feedback, 0), coalesce(negative_feedback, 0),
               coalesce(band_0, 0), coalesce(band_1, 0), coalesce(band_2, 0), coalesce(band_3, 0), coalesce(band_4, 0),
               coalesce(band_5, 0), coalesce(band_6, 0), coalesce(band_7, 0), coalesce(band_8, 0), coalesce(band_9, 0)
        from (%s) d
        where coalesce(conversations, 0) <> 0 or coalesce(scored, 0) <> 0 or coalesce(health_sum, 0) <> 0
           or coalesce(failing, 0) <> 0 or coalesce(with_feedback, 0) <> 0 or coalesce(negative_feedback, 0) <> 0
           or coalesce(band_0, 0) <> 0 or coalesce(band_1, 0) <> 0 or coalesce(band_2, 0) <> 0
           or coalesce(band_3, 0) <> 0 or coalesce(band_4, 0) <> 0 or coalesce(band_5, 0) <> 0
           or coalesce(band_6, 0) <> 0 or coalesce(band_7, 0) <> 0 or coalesce(band_8, 0) <> 0
           or coalesce(band_9, 0) <> 0$q$, target, sensei_private.conversation_contribution_sql(source))
$fn$;

-- The columns a contribution reads, as a select list over a transition table.
create function sensei_private.conversation_columns(alias text, sign int) returns text
language sql immutable
as $fn$
    select format('select %1$s.last_activity_at, %1$s.environment, %1$s.health_score, %1$s.has_failures, '
                  '%1$s.feedback_count, %1$s.negative_feedback_count, %2$s as sign', alias, sign)
$fn$;

create function sensei_private.conversation_rollup_trigger() returns trigger
language plpgsql
as $fn$
begin
    execute sensei_private.conversation_contributions_insert('conversation_rollup_deltas', case tg_op
        when 'INSERT' then sensei_private.conversation_columns('n', 1) || ' from new_rows n'
        when 'DELETE' then sensei_private.conversation_columns('o', -1) || ' from old_rows o'
        else sensei_private.conversation_columns('n', 1) || ' from new_rows n union all '
             || sensei_private.conversation_columns('o', -1) || ' from old_rows o' end);
    return null;
end
$fn$;

create trigger conversations_rollup_insert after insert on conversations
    referencing new table as new_rows for each statement execute function sensei_private.conversation_rollup_trigger();
create trigger conversations_rollup_update after update on conversations
    referencing old table as old_rows new table as new_rows
    for each statement execute function sensei_private.conversation_rollup_trigger();
create trigger conversations_rollup_delete after delete on conversations
    referencing old table as old_rows for each statement execute function sensei_private.conversation_rollup_trigger();

-- Messages and failures carry no environment: their deltas take it from the conversation. When the conversation itself
-- is deleted, the cascade's statements no longer see it; so the conversation's own row trigger subtracts its messages
-- and failures while they are still there, and the statement triggers below skip rows without a visible conversation.
create function sensei_private.conversation_children_rollup_trigger() returns trigger
language plpgsql
as $fn$
begin
    insert into message_rollup_deltas
    select date_trunc('minute', m.sent_at at time zone 'UTC') at time zone 'UTC', old.environment, -count(*)
    from messages m where m.conversation_id = old.id group by 1;
    insert into failure_rollup_deltas
    select date_trunc('hour', f.detected_at at time zone 'UTC') at time zone 'UTC', old.environment, f.type, f.status,
           f.severity, -count(*)
    from failures f where f.conversation_id = old.id group by 1, 3, 4, 5;
    return old;
end
$fn$;
create trigger conversations_children_rollup before delete on conversations
    for each row execute function sensei_private.conversation_children_rollup_trigger();

create function sensei_private.message_rollup_trigger() returns trigger
language plpgsql
as $fn$
begin
    if tg_op = 'INSERT' then
        insert into message_rollup_deltas
        select date_trunc('minute', n.sent_at at time zone 'UTC') at time zone 'UTC', c.environment, count(*)
        from new_rows n join conversations c on c.id = n.conversation_id group by 1, 2;
    else
        insert into message_rollup_deltas
        select date_trunc('minute', o.sent_at at time zone 'UTC') at time zone 'UTC', c.environment, -count(*)
        from old_rows o join conversations c on c.id = o.conversation_id group by 1, 2;
    end if;
    return null;
end
$fn$;
create trigger messages_rollup_insert after insert on messages
    referencing new table as new_rows for each statement execute function sensei_private.message_rollup_trigger();
create trigger messages_rollup_delete after delete on messages
    referencing old table as old_rows for each statement execute function sensei_private.message_rollup_trigger();

-- A message's hour and conversation never change (the processor's sentiment update touches neither); the rollups rely
-- on it, and a statement trigger on every update would copy every updated message row for nothing.
create function sensei_private.refuse_message_move() returns trigger
language plpgsql
as $fn$
begin
    raise exception 'messages.sent_at and messages.conversation_id cannot change (the analytics rollups count them)'
        using errcode = 'check_violation';
end
$fn$;
create trigger messages_fixed_place before update of sent_at, conversation_id on messages
    for each row when (old.sent_at is distinct from new.sent_at or old.conversation_id is distinct from new.conversation_id)
    execute function sensei_private.refuse_message_move();

create function sensei_private.failure_rollup_trigger() returns trigger
language plpgsql
as $fn$
declare
    cols constant text := 'select %1$s.conversation_id, %1$s.detected_at, %1$s.type, %1$s.status, %1$s.severity, %2$s as sign';
begin
    execute format($q$
        insert into failure_rollup_deltas
        select hour, environment, type, status, severity, n from (
            select date_trunc('hour', d.detected_at at time zone 'UTC') at time zone 'UTC' as hour, c.environment,
                   d.type, d.status, d.severity, sum(d.sign) as n
            from (%s) d join conversations c on c.id = d.conversation_id
            group by 1, 2, 3, 4, 5) g
        where n <> 0$q$, case tg_op
            when 'INSERT' then format(cols, 'x', 1) || ' from new_rows x'
            when 'DELETE' then format(cols, 'x', -1) || ' from old_rows x'
            else format(cols, 'x', 1) || ' from new_rows x union all ' || format(cols, 'y', -1) || ' from old_rows y' end);
    return null;
end
$fn$;
create trigger failures_rollup_insert after insert on failures
    referencing new table as new_rows for each statement execute function sensei_private.failure_rollup_trigger();
create trigger failures_rollup_update after update on failures
    referencing old table as old_rows new table as new_rows
    for each statement execute function sensei_private.failure_rollup_trigger();
create trigger failures_rollup_delete after delete on failures
    referencing old table as old_rows for each statement execute function sensei_private.failure_rollup_trigger();

-- Feedback counters: the feedback of one conversation, counted. Kept by the triggers below (on feedback, and on a
-- conversation's first insert: its feedback may have come first), and recounted by every scoring of the conversation:
-- feedback committed while the conversation's first insert is still in flight is seen by neither trigger (a lock per
-- key would close that, but a transaction inserting thousands of conversations would exhaust the lock table), and
-- scoring always follows an insert.
create function sensei_private.feedback_counts(environment text, external_id text,
                                               out total integer, out negative integer)
language sql stable
as $fn$
    select count(*)::int, (count(*) filter (where f.polarity < 0))::int from feedback f
    where f.environment = feedback_counts.environment and f.conversation_external_id = feedback_counts.external_id
$fn$;

-- Recounts the feedback of the conversations a feedback statement touched (recounting, not adding: an upsert that
-- replaces a rating changes the negative count but not the total).
create function sensei_private.feedback_counter_trigger() returns trigger
language plpgsql
as $fn$
declare
    key record;
begin
    for key in execute format('select distinct environment, conversation_external_id from (%s) k order by 1, 2',
        case tg_op
            when 'INSERT' then 'select environment, conversation_external_id from new_rows'
            when 'DELETE' then 'select environment, conversation_external_id from old_rows'
            else 'select environment, conversation_external_id from new_rows union all '
                 || 'select environment, conversation_external_id from old_rows' end)
    loop
        update conversations c
        set feedback_count = f.total, negative_feedback_count = f.negative
        from sensei_private.feedback_counts(key.environment, key.conversation_external_id) f
        where c.environment = key.environment and c.external_id = key.conversation_external_id
          and (c.feedback_count, c.negative_feedback_count) is distinct from (f.total, f.negative);
    end loop;
    return null;
end
$fn$;
create trigger feedback_counters_insert after insert on feedback
    referencing new table as new_rows for each statement execute function sensei_private.feedback_counter_trigger();
create trigger feedback_counters_update after update on feedback
    referencing old table as old_rows new table as new_rows
    for each statement execute function sensei_private.feedback_counter_trigger();
create trigger feedback_counters_delete after delete on feedback
    referencing old table as old_rows for each statement execute function sensei_private.feedback_counter_trigger();

-- A conversation's first insert picks up the feedback that came before it. It fires on every upsert row (a BEFORE
-- INSERT trigger cannot know yet that the row will conflict): one probe of feedback_identity_key; on a conflict the
-- update keeps the stored counters.
create function sensei_private.conversation_feedback_on_insert() returns trigger
language plpgsql
as $fn$
begin
    select f.total, f.negative into new.feedback_count, new.negative_feedback_count
    from sensei_private.feedback_counts(new.environment, new.external_id) f;
    return new;
end
$fn$;
create trigger conversations_feedback_counters before insert on conversations
    for each row execute function sensei_private.conversation_feedback_on_insert();

-- TRUNCATE fires no row or statement triggers above: empty what the truncated table fed.
create function sensei_private.rollups_truncate_trigger() returns trigger
language plpgsql
as $fn$
begin
    if tg_table_name = 'conversations' then
        truncate conversation_rollups, conversation_rollup_deltas, message_rollups, message_minute_rollups,
                 message_rollup_deltas, failure_rollups, failure_daily_rollups, failure_rollup_deltas;
    elsif tg_table_name = 'messages' then
        truncate message_rollups, message_minute_rollups, message_rollup_deltas;
    elsif tg_table_name = 'failures' then
        truncate failure_rollups, failure_daily_rollups, failure_rollup_deltas;
    elsif tg_table_name = 'feedback' then
        update conversations set feedback_count = 0, negative_feedback_count = 0
        where feedback_count <> 0 or negative_feedback_count <> 0;
    end if;
    return null;
end
$fn$;
create trigger conversations_rollup_truncate after truncate on conversations
    for each statement execute function sensei_private.rollups_truncate_trigger();
create trigger messages_rollup_truncate after truncate on messages
    for each statement execute function sensei_private.rollups_truncate_trigger();
create trigger failures_rollup_truncate after truncate on failures
    for each statement execute function sensei_private.rollups_truncate_trigger();
create trigger feedback_counters_truncate after truncate on feedback
    for each statement execute function sensei_private.rollups_truncate_trigger();

-- Folds the deltas into the rollups; the processor calls it every few seconds. One caller at a time (a second one
-- returns at once); a delta committed while it runs stays for the next call. Returns the rollup rows written.
create function sensei_private.compact_analytics_rollups() returns bigint
language plpgsql
as $fn$
declare
    written bigint := 0;
    n bigint;
begin
    if not pg_try_advisory_xact_lock(7345734519) then
        return 0;
    end if;
    with d as (delete from conversation_rollup_deltas returning *)
    insert into conversation_rollups as r
    select hour, environment, sum(conversations), sum(scored), sum(health_sum), sum(failing), sum(with_feedback),
           sum(negative_feedback), sum(band_0), sum(band_1), sum(band_2), sum(band_3), sum(band_4), sum(band_5),
           sum(band_6), sum(band_7), sum(band_8), sum(band_9)
    from d group by 1, 2
    on conflict (hour, environment) do update set
        conversations = r.conversations + excluded.conversations, scored = r.scored + excluded.scored,
        health_sum = r.health_sum + excluded.health_sum, failing = r.failing + excluded.failing,
        with_feedback = r.with_feedback + excluded.with_feedback,
        negative_feedback = r.negative_feedback + excluded.negative_feedback,
        band_0 = r.band_0 + excluded.band_0, band_1 = r.band_1 + excluded.band_1, band_2 = r.band_2 + excluded.band_2,
        band_3 = r.band_3 + excluded.band_3, band_4 = r.band_4 + excluded.band_4, band_5 = r.band_5 + excluded.band_5,
        band_6 = r.band_6 + excluded.band_6, band_7 = r.band_7 + excluded.band_7, band_8 = r.band_8 + excluded.band_8,
        band_9 = r.band_9 + excluded.band_9;
    get diagnostics n = row_count;
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
    hourly as (
        insert into failure_rollups as r select hour, environment, type, status, severity, sum(failures) from d
        group by 1, 2, 3, 4, 5
        on conflict (hour, environment, type, status, severity) do update set failures = r.failures + excluded.failures
        returning 1),
    daily as (
        insert into failure_daily_rollups as r
        select date_trunc('day', hour at time zone 'UTC') at time zone 'UTC', environment, type, status, severity,
               sum(failures)
        from d group by 1, 2, 3, 4, 5
        on conflict (day, environment, type, status, severity) do update set failures = r.failures + excluded.failures
        returning 1)
    select (select count(*) from hourly) + (select count(*) from daily) into n;
    written := written + n;
    return written;
end
$fn$;

-- Recomputes every counter and rollup from the raw tables: the backfill below, and `make seed` after its COPY load
-- (which runs with these triggers disabled). Not for a database taking writes: it empties the rollups first.
create function sensei_private.rebuild_analytics_rollups() returns void
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
    execute sensei_private.conversation_contributions_insert('conversation_rollups',
        sensei_private.conversation_columns('c', 1) || ' from conversations c');
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
end
$fn$;

select sensei_private.rebuild_analytics_rollups();
