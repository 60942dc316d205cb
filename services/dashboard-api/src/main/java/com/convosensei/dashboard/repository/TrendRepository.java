package com.convosensei.dashboard.repository;

import com.convosensei.platform.query.MetadataTag;
import com.convosensei.contracts.analytics.MetadataChange;
import com.convosensei.contracts.analytics.MetadataChanges;
import com.convosensei.contracts.analytics.MetadataKeyCount;
import com.convosensei.contracts.analytics.TimeSeries;
import com.convosensei.contracts.analytics.TimeSeriesPoint;
import com.convosensei.contracts.conversation.ConversationRef;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Trends over time and the lookups behind drill-down. Like the KPIs, a conversation counts at its last activity, and
 * each statement is one index range on conversations_activity_idx covering the period and the one before it, so the
 * buckets add up to the summary's figures and a bucket's drill-down list (the same last-activity range) shows the
 * same conversations.
 */
@ApplicationScoped
public class TrendRepository {

    /** At most this many new values per answer: a marker per conversation would be noise, not a change. */
    public static final int MAX_CHANGES = 20;
    /** How many metadata keys the marker picker offers. */
    static final int MAX_KEYS = 20;
    /** Values are shown in a tooltip; longer ones are cut (grouping still uses the cut value). */
    static final int MAX_VALUE_CHARS = 200;
    static final int MAX_REFS = 20;

    /**
     * Per (period, bucket) over {@link Rollups#conversations}: the previous period's rows are moved forward by the
     * period's length before bucketing, so previous[i] lines up with points[i]. Epoch arithmetic in UTC: hours and days
     * have no DST there.
     */
    private static final String SERIES = """
            select p.t >= %1$s as cur,
                   floor((extract(epoch from p.t)::float8
                          + case when p.t >= %1$s then 0 else %2$s::float8 end - %3$s::float8)
                         / %4$s::float8)::int as i,
                   sum(p.n) as n,
                   sum(p.scored) as scored,
                   sum(p.health_sum) as health_sum,
                   sum(p.failing) as failing,
                   sum(p.negative_feedback) as negative
            from (%5$s) p
            group by 1, 2""";

    /** Scalar values only (an object or array is not a version); grouped over both periods. */
    private static final String VALUES = """
            select left(c.metadata ->> %4$s::text, %5$s) as value,
                   count(*) filter (where c.last_activity_at >= %2$s) as n,
                   count(*) filter (where c.last_activity_at < %2$s) as prev_n,
                   min(coalesce(c.first_message_at, c.last_activity_at)) filter (where c.last_activity_at >= %2$s)
                       as first_seen
            from conversations c
            where c.last_activity_at >= %1$s and c.last_activity_at < %3$s %6$s
              and jsonb_typeof(c.metadata -> %4$s::text) in ('string', 'number', 'boolean')
            group by 1
            order by first_seen nulls last, 1
            limit 1000""";

    private static final String KEYS = """
            select k.key, count(*) as n
            from conversations c cross join lateral jsonb_object_keys(
                case when jsonb_typeof(c.metadata) = 'object' then c.metadata else '{}'::jsonb end) as k(key)
            where c.last_activity_at >= %1$s and c.last_activity_at < %2$s %3$s
            group by 1 order by 2 desc, 1 limit %4$d""";

    /**
     * The lookup by the customer's id. (external_id, environment) is unique, so a match is a few rows at most: they are
     * found by conversations_external_env_key first, then sorted. The "offset 0" keeps the planner from walking
     * (environment, last_activity_at) for the order; a prepared statement's generic plan did that under load and
     * scanned the whole environment per lookup.
     */
    private static final String BY_EXTERNAL_ID = """
            select * from (select c.id, c.external_id, c.environment, c.last_activity_at, c.health_score
                           from conversations c where %s offset 0) c
            order by c.last_activity_at desc, c.id limit %d""";

    private final Pool pool;

    public TrendRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Buckets of {@code unit} (hours or days) from {@code from} truncated to the unit until {@code to}; the first and
     * last are clipped to [from, to). The previous period is [from - (to - from), from).
     */
    public Uni<TimeSeries> series(Instant from, Instant to, ChronoUnit unit, String environment,
                                 List<MetadataTag> tags) {
        Duration length = Duration.between(from, to);
        Instant base = from.truncatedTo(unit);
        long unitSeconds = unit.getDuration().toSeconds();
        int n = bucketCount(from, to, unit);
        Sql sql = new Sql();
        // a rollup hour of the previous period stays one bucket's once moved forward only by whole hours
        boolean rollups = (tags == null || tags.isEmpty()) && length.toNanos() % Duration.ofHours(1).toNanos() == 0;
        Rollups.Cuts cuts = Rollups.Cuts.of(rollups, from.minus(length), from, to);
        String start = sql.bind(from) + "::timestamptz";
        String offset = sql.bind((double) length.toSeconds() + length.toNanosPart() / 1e9);
        String baseEpoch = sql.bind((double) base.getEpochSecond());
        String unitSecs = sql.bind((double) unitSeconds);
        String statement = SERIES.formatted(start, offset, baseEpoch, unitSecs,
                Rollups.conversations(sql, cuts, environment, tags, ChronoUnit.HOURS));
        return Rollups.execute(pool, cuts, statement, sql.tuple()).map(rows -> {
            long[][] counts = new long[2][n];
            long[][] scored = new long[2][n];
            double[][] healthSum = new double[2][n];
            long[][] failing = new long[2][n];
            long[][] negative = new long[2][n];
            for (Row row : rows) {
                int p = row.getBoolean("cur") ? 0 : 1;
                // float rounding at a bucket edge must not drop a row: clamp onto the period's buckets
                int i = Math.max(0, Math.min(n - 1, row.getInteger("i")));
                long rowScored = row.getLong("scored");
                if (rowScored > 0) {
                    healthSum[p][i] += row.getDouble("health_sum");
                    scored[p][i] += rowScored;
                }
                counts[p][i] += row.getLong("n");
                failing[p][i] += row.getLong("failing");
                negative[p][i] += row.getLong("negative");
            }
            List<TimeSeriesPoint> current = new ArrayList<>(n);
            List<TimeSeriesPoint> previous = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Instant lo = max(from, base.plus(i, unit));
                Instant hi = min(to, base.plus(i + 1L, unit));
                current.add(point(lo, hi, counts[0][i], scored[0][i], healthSum[0][i], failing[0][i], negative[0][i]));
                previous.add(point(lo.minus(length), hi.minus(length), counts[1][i], scored[1][i], healthSum[1][i],
                        failing[1][i], negative[1][i]));
            }
            return new TimeSeries(from, to, unit == ChronoUnit.HOURS ? "hour" : "day", from.minus(length), from,
                    current, previous);
        });
    }

    public static int bucketCount(Instant from, Instant to, ChronoUnit unit) {
        Instant base = from.truncatedTo(unit);
        long unitSeconds = unit.getDuration().toSeconds();
        long span = Duration.between(base, to).toSeconds() + (Duration.between(base, to).toNanosPart() > 0 ? 1 : 0);
        return (int) Math.max(1, (span + unitSeconds - 1) / unitSeconds);
    }

    private static TimeSeriesPoint point(Instant start, Instant end, long n, long scored, double healthSum,
                                         long failing, long negative) {
        return new TimeSeriesPoint(start, end, n, scored == 0 ? null : Math.round(healthSum / scored * 10) / 10.0, failing,
                n == 0 ? null : (double) failing / n, n == 0 ? null : (double) negative / n);
    }

    /**
     * Values of metadata {@code key} new in [from, to): carried by a conversation of the period and by none of the
     * previous period of equal length. first_seen is the earliest first message among the period's conversations with
     * the value, never before {@code from} (a conversation may have started before the period it is counted in).
     */
    public Uni<MetadataChanges> changes(Instant from, Instant to, String key, String environment,
                                       List<MetadataTag> tags) {
        Duration length = Duration.between(from, to);
        Sql values = new Sql();
        String prevFrom = values.bind(from.minus(length)) + "::timestamptz";
        String start = values.bind(from) + "::timestamptz";
        String end = values.bind(to) + "::timestamptz";
        String k = values.bind(key);
        String env = scope(values::bind, environment, tags);
        Uni<List<Row>> valueRows = pool.preparedQuery(VALUES.formatted(prevFrom, start, end, k, MAX_VALUE_CHARS, env))
                .execute(values.tuple()).map(TrendRepository::list);

        Sql keys = new Sql();
        String kStart = keys.bind(from) + "::timestamptz";
        String kEnd = keys.bind(to) + "::timestamptz";
        String kEnv = scope(keys::bind, environment, tags);
        Uni<List<Row>> keyRows = pool.preparedQuery(KEYS.formatted(kStart, kEnd, kEnv, MAX_KEYS))
                .execute(keys.tuple()).map(TrendRepository::list);

        return Uni.combine().all().unis(valueRows, keyRows).asTuple().map(t -> {
            List<MetadataChange> changes = new ArrayList<>();
            boolean truncated = false;
            String baseline = null;
            long baselineN = 0;
            for (Row row : t.getItem1()) {
                long n = row.getLong("n");
                long prevN = row.getLong("prev_n");
                String value = row.getString("value");
                if (prevN > baselineN || (prevN == baselineN && prevN > 0 && value.compareTo(baseline) < 0)) {
                    baseline = value;
                    baselineN = prevN;
                }
                if (n > 0 && prevN == 0) {
                    if (changes.size() == MAX_CHANGES) {
                        truncated = true;
                        continue;
                    }
                    changes.add(new MetadataChange(value, max(from, Rows.instant(row, "first_seen")), n));
                }
            }
            List<MetadataKeyCount> keyCounts = t.getItem2().stream()
                    .map(r -> new MetadataKeyCount(r.getString("key"), r.getLong("n"))).toList();
            return new MetadataChanges(key, from, to, baseline, changes, truncated, keyCounts);
        });
    }

    /** The dashboard's scope (environment, metadata tags) on conversation alias c, as an "and ..." suffix. */
    private static String scope(java.util.function.Function<Object, String> bind, String environment,
                                List<MetadataTag> tags) {
        String condition = MetadataTag.condition(bind, "c", environment, tags);
        return condition == null ? "" : " and " + condition;
    }

    /** The stored conversations with the customer's id (in one environment when given), newest activity first. */
    public Uni<List<ConversationRef>> byExternalId(String externalId, String environment) {
        Sql sql = new Sql();
        sql.and("c.external_id = " + sql.bind(externalId));
        if (environment != null) {
            sql.and("c.environment = " + sql.bind(environment));
        }
        return pool.preparedQuery(BY_EXTERNAL_ID.formatted(sql.where(), MAX_REFS)).execute(sql.tuple())
                .map(rows -> {
                    List<ConversationRef> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new ConversationRef(r.getUUID("id"), r.getString("external_id"),
                                r.getString("environment"), Rows.instant(r, "last_activity_at"),
                                r.getDouble("health_score")));
                    }
                    return out;
                });
    }

    private static List<Row> list(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Row> out = new ArrayList<>();
        rows.forEach(out::add);
        return out;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
