package com.convosensei.dashboard.repository;

import com.convosensei.platform.query.MetadataTag;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows the analytics statements aggregate, read from the rollups (V19, V22) wherever a whole unit of their grain
 * lies in the span (UTC days, hours and minutes for conversations and failures, hours and minutes for messages) and
 * from the raw tables for what is left at the cuts (a period's start and end, the boundary between a period and the
 * previous one). Each row carries its instant {@code t} (a unit's start for a rollup row) and counts, so a statement
 * sums it exactly as it would count raw rows. Rollup rows are the compacted table plus the pending deltas, read in the
 * statement's one snapshot, so the figures equal the raw query's at every moment.
 *
 * <p>The rollups know the environment but not metadata: with a tag in the scope every row is read raw.
 */
final class Rollups {

    /**
     * The instants a statement cuts its span at: the first and last bound it, the others divide it (a period's start
     * between it and the previous period). {@code rollups} false: every row is read raw (a scope the rollups cannot
     * filter).
     */
    record Cuts(boolean rollups, Instant[] sorted) {
        static Cuts of(boolean rollups, Instant... cuts) {
            Instant[] sorted = cuts.clone();
            Arrays.sort(sorted);
            return new Cuts(rollups, sorted);
        }
    }

    /**
     * Whole units [start, end) of one rollup grain, and the ranges left for a finer grain or the raw table;
     * {@code rollups} false: everything raw.
     */
    record Span(boolean rollups, List<Instant[]> units, List<Instant[]> raw) {

        /** The whole {@code unit}s of the cuts' span that no cut falls inside, and the partial units around cuts. */
        static Span of(Cuts cuts, ChronoUnit unit) {
            Instant lo = cuts.sorted()[0];
            Instant hi = cuts.sorted()[cuts.sorted().length - 1];
            List<Instant[]> raw = new ArrayList<>();
            if (!cuts.rollups()) {
                raw.add(new Instant[] {lo, hi});
                return new Span(false, List.of(), raw);
            }
            TreeSet<Instant> partial = new TreeSet<>();
            for (Instant cut : cuts.sorted()) {
                Instant floor = cut.truncatedTo(unit);
                if (!floor.equals(cut)) {
                    partial.add(floor);
                }
            }
            for (Instant floor : partial) {
                // split at the cuts inside the unit, so no range (nor a finer unit refine takes from it) straddles one
                Instant a = max(floor, lo);
                Instant unitEnd = min(floor.plus(1, unit), hi);
                for (Instant cut : cuts.sorted()) {
                    if (cut.isAfter(a) && cut.isBefore(unitEnd)) {
                        raw.add(new Instant[] {a, cut});
                        a = cut;
                    }
                }
                if (a.isBefore(unitEnd)) {
                    raw.add(new Instant[] {a, unitEnd});
                }
            }
            List<Instant[]> whole = new ArrayList<>();
            Instant start = ceil(lo, unit);
            Instant end = hi.truncatedTo(unit);
            for (Instant floor : partial) {
                if (!floor.isBefore(start) && floor.isBefore(end)) {
                    if (start.isBefore(floor)) {
                        whole.add(new Instant[] {start, floor});
                    }
                    start = floor.plus(1, unit);
                }
            }
            if (start.isBefore(end)) {
                whole.add(new Instant[] {start, end});
            }
            return new Span(true, whole, raw);
        }

        /** The ranges this span left over, cut at whole {@code unit}s (a finer grain): its units and what is left. */
        Span refine(ChronoUnit unit) {
            if (!rollups) {
                return this;
            }
            List<Instant[]> whole = new ArrayList<>();
            List<Instant[]> left = new ArrayList<>();
            for (Instant[] r : raw) {
                Instant a = ceil(r[0], unit);
                Instant b = r[1].truncatedTo(unit);
                if (!a.isBefore(b)) {
                    left.add(r);
                    continue;
                }
                whole.add(new Instant[] {a, b});
                if (r[0].isBefore(a)) {
                    left.add(new Instant[] {r[0], a});
                }
                if (b.isBefore(r[1])) {
                    left.add(new Instant[] {b, r[1]});
                }
            }
            return new Span(true, whole, left);
        }

        /** {@code (column >= $a and column < $b) or ...}; "false" when there is no range. */
        private static String in(Sql sql, String column, List<Instant[]> ranges) {
            if (ranges.isEmpty()) {
                return "false";
            }
            List<String> parts = new ArrayList<>();
            for (Instant[] r : ranges) {
                parts.add("(" + column + " >= " + sql.bind(r[0]) + "::timestamptz and " + column + " < "
                        + sql.bind(r[1]) + "::timestamptz)");
            }
            return "(" + String.join(" or ", parts) + ")";
        }
    }

    private Rollups() {
    }

    /**
     * The whole units of several grains as the fewest ranges: the per-minute deltas serve every grain, and the units
     * of the grains of one span are disjoint and mostly adjacent (a partial day's whole hours end where the whole days
     * begin). Fewer ranges, fewer arms of the deltas' BitmapOr for the planner to cost on every request.
     */
    @SafeVarargs
    static List<Instant[]> merged(List<Instant[]>... grains) {
        List<Instant[]> all = new ArrayList<>();
        for (List<Instant[]> units : grains) {
            all.addAll(units);
        }
        all.sort((a, b) -> a[0].compareTo(b[0]));
        List<Instant[]> out = new ArrayList<>();
        for (Instant[] r : all) {
            Instant[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && !r[0].isAfter(last[1])) {
                last[1] = r[1].isAfter(last[1]) ? r[1] : last[1];
            } else {
                out.add(new Instant[] {r[0], r[1]});
            }
        }
        return out;
    }

    /**
     * Runs a statement over the rollups without parallel workers, in one round trip. Its scans are a few thousand
     * rows, and the planner still picked a parallel plan for some (the all-environments summary's message arm):
     * starting the workers cost more than the whole statement serially (measured at 1M conversations), and under
     * concurrent readers the workers only compete for the same cores. The statement is prefixed with an unreferenced
     * CTE calling a PARALLEL UNSAFE function (V23): the planner refuses workers for the whole statement and never runs
     * the CTE. (It was SET LOCAL max_parallel_workers_per_gather = 0 in a transaction: four round trips.) The plan
     * stays a custom one: a generic plan cannot see how narrow the raw ranges are; forced, with the ranges as array
     * parameters joined to the tables, the 30-day summary took seconds at 1M, against 6 ms. A statement reading
     * everything raw (a tag in the scope) keeps the planner's choice.
     */
    static Uni<RowSet<Row>> execute(Pool pool, Cuts cuts, String statement, Tuple params) {
        return pool.preparedQuery(cuts.rollups() ? serial(statement) : statement).execute(params);
    }

    /** {@code statement} with the CTE that keeps its plan serial, merged into its own WITH list if it has one. */
    static String serial(String statement) {
        Matcher with = WITH_LIST.matcher(statement);
        return with.lookingAt() ? with.group(1) + " " + SERIAL_MARKER + ", " + statement.substring(with.end())
                : "with " + SERIAL_MARKER + " " + statement.stripLeading();
    }

    private static final String SERIAL_MARKER = "serial_plan as (select sensei_private.serial_plan())";
    /** A leading WITH (any whitespace after it, RECURSIVE kept in front: it applies to the whole list). */
    private static final Pattern WITH_LIST = Pattern.compile("\\s*(with(?:\\s+recursive)?)\\s+",
            Pattern.CASE_INSENSITIVE);

    /**
     * Conversations by last activity: t, n, scored, health_sum, failing, with_feedback, negative_feedback and
     * band_0 .. band_9 (health bands of 10 points, 100 in band_9). Whole units of {@code coarsest} (days or hours)
     * and of every finer grain down to minutes from the rollups (V22), the partial minutes at the cuts raw. A caller
     * that buckets by hour passes hours: a day row would land whole in its first hour's bucket.
     */
    static String conversations(Sql sql, Cuts cuts, String environment, List<MetadataTag> tags, ChronoUnit coarsest) {
        Span days = coarsest == ChronoUnit.DAYS ? Span.of(cuts, ChronoUnit.DAYS) : null;
        Span hours = days != null ? days.refine(ChronoUnit.HOURS) : Span.of(cuts, ChronoUnit.HOURS);
        Span minutes = hours.refine(ChronoUnit.MINUTES);
        String figures = "r.conversations as n, r.scored, r.health_sum, r.failing, r.with_feedback, "
                + "r.negative_feedback, " + bands(i -> "r.band_" + i);
        String rawColumns = "c.last_activity_at as t, 1::bigint as n, (c.health_score is not null)::int::bigint as scored, "
                + "coalesce(c.health_score::numeric, 0) as health_sum, c.has_failures::int::bigint as failing, "
                + "(c.feedback_count > 0)::int::bigint as with_feedback, "
                + "(c.negative_feedback_count > 0)::int::bigint as negative_feedback, "
                + bands(i -> "coalesce((" + band(i) + ")::int, 0)::bigint");
        String env = environment == null ? "" : " and r.environment = " + sql.bind(environment);
        String scope = MetadataTag.condition(sql::bind, "c", environment, tags);
        List<Instant[]> wholeUnits = merged(days == null ? List.of() : days.units(), hours.units(), minutes.units());
        StringBuilder out = new StringBuilder();
        if (days != null) {
            out.append("select r.day as t, ").append(figures).append(" from conversation_daily_rollups r where ")
                    .append(Span.in(sql, "r.day", days.units())).append(env).append(" union all ");
        }
        return out + "select r.hour as t, " + figures + " from conversation_rollups r where "
                + Span.in(sql, "r.hour", hours.units()) + env
                + " union all select r.minute as t, " + figures + " from conversation_minute_rollups r where "
                + Span.in(sql, "r.minute", minutes.units()) + env
                + " union all select r.minute as t, " + figures + " from conversation_rollup_deltas r where "
                + Span.in(sql, "r.minute", wholeUnits) + env
                + " union all select " + rawColumns + " from conversations c where "
                + Span.in(sql, "c.last_activity_at", minutes.raw()) + (scope == null ? "" : " and " + scope);
    }

    /**
     * Messages by sent_at: t, n. Whole hours from message_rollups, whole minutes of the partial hours from
     * message_minute_rollups; the deltas are per minute and serve both.
     */
    static String messages(Sql sql, Cuts cuts, String environment, List<MetadataTag> tags) {
        Span hours = Span.of(cuts, ChronoUnit.HOURS);
        Span minutes = hours.refine(ChronoUnit.MINUTES);
        String env = environment == null ? "" : " and r.environment = " + sql.bind(environment);
        String inHours = Span.in(sql, "r.hour", hours.units());
        String inMinutes = Span.in(sql, "r.minute", minutes.units());
        String deltas = Span.in(sql, "r.minute", merged(hours.units(), minutes.units()));
        String scope = MetadataTag.condition(sql::bind, "c", environment, tags);
        return "select r.hour as t, r.messages as n from message_rollups r where " + inHours + env
                + " union all select r.minute, r.messages from message_minute_rollups r where " + inMinutes + env
                + " union all select r.minute, r.messages from message_rollup_deltas r where " + deltas + env
                + " union all select m.sent_at, 1::bigint from messages m where " + Span.in(sql, "m.sent_at", minutes.raw())
                + (scope == null ? "" : " and exists (select 1 from conversations c where c.id = m.conversation_id and "
                        + scope + ")");
    }

    /**
     * Failures by detected_at with the given statuses and severities (null: any): t, type, n. Whole UTC days from
     * failure_daily_rollups, whole hours of the partial days from failure_rollups, whole minutes of the partial hours
     * from failure_minute_rollups (V22); the deltas are per minute and serve all three.
     */
    static String failures(Sql sql, Cuts cuts, List<String> statuses, List<String> severities, String environment,
                           List<MetadataTag> tags) {
        Span days = Span.of(cuts, ChronoUnit.DAYS);
        Span hours = days.refine(ChronoUnit.HOURS);
        Span minutes = hours.refine(ChronoUnit.MINUTES);
        StringBuilder dims = new StringBuilder(environment == null ? "" : " and r.environment = " + sql.bind(environment));
        StringBuilder rawDims = new StringBuilder();
        if (statuses != null) {
            dims.append(" and ").append(Sql.oneOf(sql, "r.status", statuses));
            rawDims.append(" and ").append(Sql.oneOf(sql, "f.status", statuses));
        }
        if (severities != null) {
            dims.append(" and ").append(Sql.oneOf(sql, "r.severity", severities));
            rawDims.append(" and ").append(Sql.oneOf(sql, "f.severity", severities));
        }
        List<Instant[]> wholeUnits = merged(days.units(), hours.units(), minutes.units());
        String scope = MetadataTag.condition(sql::bind, "c", environment, tags);
        return "select r.day as t, r.type, r.failures as n from failure_daily_rollups r where "
                + Span.in(sql, "r.day", days.units()) + dims
                + " union all select r.hour, r.type, r.failures from failure_rollups r where "
                + Span.in(sql, "r.hour", hours.units()) + dims
                + " union all select r.minute, r.type, r.failures from failure_minute_rollups r where "
                + Span.in(sql, "r.minute", minutes.units()) + dims
                + " union all select r.minute, r.type, r.failures from failure_rollup_deltas r where "
                + Span.in(sql, "r.minute", wholeUnits) + dims
                + " union all select f.detected_at, f.type, 1::bigint from failures f where "
                + Span.in(sql, "f.detected_at", minutes.raw()) + rawDims
                + (scope == null ? "" : " and exists (select 1 from conversations c where c.id = f.conversation_id and "
                        + scope + ")");
    }

    /** Every conversation stored, from the daily rollups (each conversation is in exactly one day). */
    static final String TOTAL_CONVERSATIONS = "(select coalesce(sum(n), 0) from (select conversations as n from "
            + "conversation_daily_rollups union all select conversations from conversation_rollup_deltas) t)";

    private static String band(int i) {
        return i == 0 ? "c.health_score < 10"
                : i == 9 ? "c.health_score >= 90"
                : "c.health_score >= " + i * 10 + " and c.health_score < " + (i * 10 + 10);
    }

    private static String bands(java.util.function.IntFunction<String> column) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add(column.apply(i) + " as band_" + i);
        }
        return String.join(", ", out);
    }

    private static Instant ceil(Instant t, ChronoUnit unit) {
        Instant floor = t.truncatedTo(unit);
        return floor.equals(t) ? t : floor.plus(1, unit);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
