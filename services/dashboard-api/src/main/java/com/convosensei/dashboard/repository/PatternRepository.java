package com.convosensei.dashboard.repository;

import com.convosensei.contracts.analytics.LatestPatterns;
import com.convosensei.contracts.analytics.PatternRunView;
import com.convosensei.contracts.analytics.PatternTrendPoint;
import com.convosensei.contracts.analytics.PatternTrendSeries;
import com.convosensei.contracts.analytics.PatternTrends;
import com.convosensei.contracts.analytics.PatternView;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Pattern runs (written by the processor's pattern job, created by admin-api) and their usage patterns. */
@ApplicationScoped
public class PatternRepository {

    /** How many member conversations each pattern shows, closest to the cluster's centre first. */
    static final int SAMPLES = 5;
    private static final TypeReference<Map<String, Double>> BREAKDOWN = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper mapper;

    public PatternRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /**
     * The newest succeeded run with its patterns, and the queued/running run if there is one. With an environment:
     * that environment's newest run, else (none analysed on its own yet) the newest run over every environment.
     */
    public Uni<LatestPatterns> latest(String environment) {
        return pool.preparedQuery("""
                        (select * from pattern_runs where status = 'succeeded'
                           and (environment is null or environment = $1::text)
                         order by (environment is null) asc, created_at desc, id desc limit 1)
                        union all
                        (select * from pattern_runs where status in ('queued', 'running') order by created_at desc limit 1)""")
                .execute(Tuple.of(environment))
                .chain(rows -> {
                    Row succeeded = null;
                    Row active = null;
                    for (Row row : rows) {
                        if ("succeeded".equals(row.getString("status"))) {
                            succeeded = row;
                        } else {
                            active = row;
                        }
                    }
                    PatternRunView activeRun = active == null ? null : run(active, List.of());
                    if (succeeded == null) {
                        return Uni.createFrom().item(new LatestPatterns(null, List.of(), activeRun));
                    }
                    Row done = succeeded;
                    return patterns(done.getUUID("id"))
                            .map(patterns -> new LatestPatterns(run(done, patterns), patterns, activeRun));
                });
    }

    /** One run (its progress while queued/running; its patterns once succeeded); null when unknown. */
    public Uni<PatternRunView> run(UUID id) {
        return pool.preparedQuery("select * from pattern_runs where id = $1").execute(Tuple.of(id)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().nullItem();
            }
            Row row = rows.iterator().next();
            if (!"succeeded".equals(row.getString("status"))) {
                return Uni.createFrom().item(run(row, List.of()));
            }
            return patterns(id).map(patterns -> run(row, patterns));
        });
    }

    /**
     * Daily series of each pattern of run {@code runId} over [from, to) (UTC days {@code firstDay..lastDay}); null
     * when the run is unknown. A member counts on the day of its last activity.
     */
    public Uni<PatternTrends> trends(UUID runId, Instant from, Instant to) {
        LocalDate firstDay = from.atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate lastDay = to.minusNanos(1000).atOffset(ZoneOffset.UTC).toLocalDate();
        return pool.preparedQuery("""
                        with run as (select id from pattern_runs where id = $1),
                        daily as (
                            select pc.pattern_id, (c.last_activity_at at time zone 'UTC')::date as day,
                                   count(*)::int as n, avg(c.health_score) as avg_health,
                                   avg(case when c.has_failures then 1.0 else 0.0 end)::float8 as failure_share
                            from usage_patterns up
                            join pattern_conversations pc on pc.pattern_id = up.id
                            join conversations c on c.id = pc.conversation_id
                            where up.run_id = $1 and c.last_activity_at >= $2 and c.last_activity_at < $3
                            group by 1, 2)
                        select r.id as run_id, up.id as pattern_id, d.day, coalesce(x.n, 0) as n, x.avg_health,
                               x.failure_share
                        from run r
                        left join usage_patterns up on up.run_id = r.id
                        left join lateral (select $4::date + i as day
                                           from generate_series(0, $5::date - $4::date) as i) d on up.id is not null
                        left join daily x on x.pattern_id = up.id and x.day = d.day
                        order by up.size desc nulls last, up.id, d.day""")
                .execute(Tuple.from(new Object[] {runId, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC),
                        firstDay, lastDay}))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Map<UUID, List<PatternTrendPoint>> series = new LinkedHashMap<>();
                    for (Row row : rows) {
                        UUID pattern = row.getUUID("pattern_id");
                        if (pattern == null) {
                            continue; // a run without patterns
                        }
                        series.computeIfAbsent(pattern, k -> new ArrayList<>()).add(new PatternTrendPoint(
                                row.getLocalDate("day"), row.getInteger("n"), row.getDouble("avg_health"),
                                row.getDouble("failure_share")));
                    }
                    List<PatternTrendSeries> out = new ArrayList<>();
                    series.forEach((id, points) -> out.add(new PatternTrendSeries(id, points)));
                    return new PatternTrends(runId, from, to, out);
                });
    }

    private Uni<List<PatternView>> patterns(UUID runId) {
        return pool.preparedQuery("""
                        select up.id, up.label, up.keywords, up.size, up.avg_health, up.failure_share,
                               up.failure_breakdown::text as failure_breakdown, up.previous_size, up.growth,
                               array(select pc.conversation_id from pattern_conversations pc
                                     where pc.pattern_id = up.id
                                     order by pc.distance asc nulls last, pc.conversation_id
                                     limit %d) as samples
                        from usage_patterns up where up.run_id = $1
                        order by up.size desc, up.id""".formatted(SAMPLES))
                .execute(Tuple.of(runId))
                .map(rows -> {
                    List<PatternView> out = new ArrayList<>();
                    for (Row row : rows) {
                        UUID[] samples = row.getArrayOfUUIDs("samples");
                        out.add(new PatternView(row.getUUID("id"), row.getString("label"), Rows.strings(row, "keywords"),
                                row.getInteger("size"), row.getDouble("avg_health"), row.getDouble("failure_share"),
                                breakdown(row), row.getInteger("previous_size"), row.getDouble("growth"),
                                samples == null ? List.of() : List.of(samples)));
                    }
                    return out;
                });
    }

    private Map<String, Double> breakdown(Row row) {
        JsonNode node = Rows.json(mapper, row, "failure_breakdown");
        try {
            return node == null ? Map.of() : mapper.convertValue(node, BREAKDOWN);
        } catch (IllegalArgumentException e) {
            Log.warnf("pattern %s: unreadable failure_breakdown %s", row.getUUID("id"), node);
            return Map.of();
        }
    }

    private static PatternRunView run(Row row, List<PatternView> patterns) {
        return new PatternRunView(row.getUUID("id"), row.getString("trigger"), row.getString("status"),
                row.getDouble("progress"), row.getString("stage"), row.getInteger("conversation_count"),
                row.getInteger("cluster_count"), row.getDouble("silhouette"), row.getString("error"),
                Rows.instant(row, "created_at"), Rows.instant(row, "started_at"), Rows.instant(row, "finished_at"),
                patterns, row.getString("environment"));
    }
}
