package com.convosensei.processor.mail;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The weekly summary's numbers, across all environments, read at send time for the period the outbox row names
 * (so a retried send says the same). The KPIs use the dashboard's definitions (see {@link WeeklyStats.Kpis}); every
 * scan is an index range on conversations.last_activity_at or failures.detected_at.
 */
@ApplicationScoped
public class WeeklySummaryRepository {

    public static final Duration PERIOD = Duration.ofDays(7);
    static final int TOP_FAILURE_TYPES = 5;
    static final int PATTERN_CHANGES = 3;
    static final int WORST = 5;

    private final Pool pool;

    public WeeklySummaryRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<WeeklyStats> stats(Instant to) {
        Instant from = to.minus(PERIOD);
        Instant prevFrom = from.minus(PERIOD);
        return kpis(prevFrom, from, to).flatMap(kpis -> days(from, to).flatMap(days -> failures(prevFrom, from, to)
                .flatMap(failures -> patterns().flatMap(patterns -> worst(from, to)
                        .map(worst -> new WeeklyStats(from, to, kpis, days, failures, patterns, worst))))));
    }

    private Uni<WeeklyStats.Kpis> kpis(Instant prevFrom, Instant from, Instant to) {
        return pool.preparedQuery("""
                        with conv as (
                            select count(*) filter (where c.last_activity_at >= $2) as cur_n,
                                   count(*) filter (where c.last_activity_at < $2) as prev_n,
                                   avg(c.health_score) filter (where c.last_activity_at >= $2) as cur_health,
                                   avg(c.health_score) filter (where c.last_activity_at < $2) as prev_health,
                                   count(*) filter (where c.has_failures and c.last_activity_at >= $2) as cur_failing,
                                   count(*) filter (where c.has_failures and c.last_activity_at < $2) as prev_failing
                            from conversations c where c.last_activity_at >= $1 and c.last_activity_at < $3
                        ), fail as (
                            select count(*) filter (where f.detected_at >= $2) as cur_n,
                                   count(*) filter (where f.detected_at < $2) as prev_n
                            from failures f where f.status = 'open' and f.detected_at >= $1 and f.detected_at < $3
                        )
                        select conv.*, fail.cur_n as fail_cur, fail.prev_n as fail_prev from conv, fail""")
                .execute(Tuple.of(utc(prevFrom), utc(from), utc(to)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    long cur = r.getLong("cur_n");
                    long prev = r.getLong("prev_n");
                    return new WeeklyStats.Kpis(cur, prev, r.getDouble("cur_health"), r.getDouble("prev_health"),
                            share(r.getLong("cur_failing"), cur), share(r.getLong("prev_failing"), prev),
                            r.getLong("fail_cur"), r.getLong("fail_prev"));
                });
    }

    /** Every UTC day the period touches, with or without conversations. */
    private Uni<List<WeeklyStats.Day>> days(Instant from, Instant to) {
        return pool.preparedQuery("""
                        with per_day as (
                            select (c.last_activity_at at time zone 'UTC')::date as day, count(*) as n,
                                   avg(c.health_score) as health
                            from conversations c where c.last_activity_at >= $1 and c.last_activity_at < $2 group by 1
                        ), series as (
                            select ($1 at time zone 'UTC')::date + i as day
                            from generate_series(0, (($2 - interval '1 microsecond') at time zone 'UTC')::date
                                                    - ($1 at time zone 'UTC')::date) as i
                        )
                        select s.day, coalesce(p.n, 0) as n, p.health from series s left join per_day p on p.day = s.day
                        order by s.day""")
                .execute(Tuple.of(utc(from), utc(to)))
                .map(rows -> {
                    List<WeeklyStats.Day> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new WeeklyStats.Day(r.getLocalDate("day"), r.getLong("n"), r.getDouble("health"))));
                    return out;
                });
    }

    private Uni<List<WeeklyStats.FailureCount>> failures(Instant prevFrom, Instant from, Instant to) {
        return pool.preparedQuery("""
                        select f.type, count(*) filter (where f.detected_at >= $2) as cur_n,
                               count(*) filter (where f.detected_at < $2) as prev_n
                        from failures f where f.status = 'open' and f.detected_at >= $1 and f.detected_at < $3
                        group by f.type having count(*) filter (where f.detected_at >= $2) > 0
                        order by cur_n desc, f.type limit $4""")
                .execute(Tuple.of(utc(prevFrom), utc(from), utc(to), TOP_FAILURE_TYPES))
                .map(rows -> {
                    List<WeeklyStats.FailureCount> out = new ArrayList<>();
                    rows.forEach(r -> out.add(
                            new WeeklyStats.FailureCount(r.getString("type"), r.getLong("cur_n"), r.getLong("prev_n"))));
                    return out;
                });
    }

    /** The newest succeeded pattern run's patterns that changed most in size against the run before it. */
    private Uni<List<WeeklyStats.PatternChange>> patterns() {
        return pool.preparedQuery("""
                        select up.id, up.label, up.size, up.previous_size from usage_patterns up
                        where up.run_id = (select id from pattern_runs where status = 'succeeded'
                                           order by created_at desc, id desc limit 1)
                          and up.size is distinct from up.previous_size
                        order by abs(up.size - coalesce(up.previous_size, 0)) desc, up.size desc, up.id limit $1""")
                .execute(Tuple.of(PATTERN_CHANGES))
                .map(rows -> {
                    List<WeeklyStats.PatternChange> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new WeeklyStats.PatternChange(r.getUUID("id"), r.getString("label"),
                            r.getInteger("size"), r.getInteger("previous_size"))));
                    return out;
                });
    }

    /** The period's lowest-health scored conversations, each with its most severe failure type. */
    private Uni<List<WeeklyStats.Worst>> worst(Instant from, Instant to) {
        return pool.preparedQuery("""
                        select c.id, c.external_id, c.environment, c.health_score,
                               (select f.type from failures f where f.conversation_id = c.id
                                order by case f.severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2
                                         else 1 end desc, f.confidence desc, f.type limit 1) as top_failure
                        from conversations c
                        where c.last_activity_at >= $1 and c.last_activity_at < $2 and c.health_score is not null
                        order by c.health_score, c.last_activity_at desc, c.id limit $3""")
                .execute(Tuple.of(utc(from), utc(to), WORST))
                .map(rows -> {
                    List<WeeklyStats.Worst> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new WeeklyStats.Worst(r.getUUID("id"), r.getString("external_id"),
                            r.getString("environment"), r.getDouble("health_score"), r.getString("top_failure"))));
                    return out;
                });
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
