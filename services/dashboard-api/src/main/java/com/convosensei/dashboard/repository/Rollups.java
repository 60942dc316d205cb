package com.convosensei.dashboard.repository;

import com.convosensei.platform.query.MetadataTag;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The rows the analytics statements aggregate, read from the hourly rollups (V19) wherever a whole UTC hour lies in
 * the span and from the raw tables for the partial hours at the cuts (a period's start and end, the boundary between
 * a period and the previous one). Each row carries its instant {@code t} (an hour's start for a rollup row) and
 * counts, so a statement sums it exactly as it would count raw rows. Rollup rows are the compacted table plus the
 * pending deltas, read in the statement's one snapshot, so the figures equal the raw query's at every moment.
 *
 * <p>The rollups know the environment but not metadata: with a tag in the scope every row is read raw.
 */
final class Rollups {

    private static final java.time.Duration HOUR = java.time.Duration.ofHours(1);

    /**
     * Whole units [start, end) read from the rollups ({@code units}: hours, or minutes after {@link #minutes()}), and
     * the partial ranges read raw; {@code rollups} false: everything raw.
     */
    record Span(boolean rollups, List<Instant[]> units, List<Instant[]> raw) {

        /**
         * The span from the first cut to the last, cut at every one in between. {@code rollups} false: all of it raw
         * (a scope the rollups cannot filter).
         */
        static Span of(boolean rollups, Instant... cuts) {
            Instant[] sorted = cuts.clone();
            Arrays.sort(sorted);
            Instant lo = sorted[0];
            Instant hi = sorted[sorted.length - 1];
            List<Instant[]> raw = new ArrayList<>();
            if (!rollups) {
                raw.add(new Instant[] {lo, hi});
                return new Span(false, List.of(), raw);
            }
            TreeSet<Instant> partial = new TreeSet<>();
            for (Instant cut : sorted) {
                Instant hour = cut.truncatedTo(ChronoUnit.HOURS);
                if (!hour.equals(cut)) {
                    partial.add(hour);
                }
            }
            for (Instant hour : partial) {
                Instant a = max(hour, lo);
                Instant b = min(hour.plus(HOUR), hi);
                if (a.isBefore(b)) {
                    raw.add(new Instant[] {a, b});
                }
            }
            List<Instant[]> hours = new ArrayList<>();
            Instant start = ceil(lo, ChronoUnit.HOURS);
            Instant end = hi.truncatedTo(ChronoUnit.HOURS);
            for (Instant hour : partial) {
                if (!hour.isBefore(start) && hour.isBefore(end)) {
                    if (start.isBefore(hour)) {
                        hours.add(new Instant[] {start, hour});
                    }
                    start = hour.plus(HOUR);
                }
            }
            if (start.isBefore(end)) {
                hours.add(new Instant[] {start, end});
            }
            return new Span(true, hours, raw);
        }

        /** This span's raw ranges cut once more at whole minutes, for the messages' per-minute rollup. */
        Span minutes() {
            if (!rollups) {
                return this;
            }
            List<Instant[]> whole = new ArrayList<>();
            List<Instant[]> left = new ArrayList<>();
            for (Instant[] r : raw) {
                Instant a = ceil(r[0], ChronoUnit.MINUTES);
                Instant b = r[1].truncatedTo(ChronoUnit.MINUTES);
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
     * Conversations by last activity: t, n, scored, health_sum, failing, with_feedback, negative_feedback and
     * band_0 .. band_9 (health bands of 10 points, 100 in band_9).
     */
    static String conversations(Sql sql, Span span, String environment, List<MetadataTag> tags) {
        String rollupColumns = "r.hour as t, r.conversations as n, r.scored, r.health_sum, r.failing, r.with_feedback, "
                + "r.negative_feedback, " + bands(i -> "r.band_" + i);
        String rawColumns = "c.last_activity_at as t, 1::bigint as n, (c.health_score is not null)::int::bigint as scored, "
                + "coalesce(c.health_score::numeric, 0) as health_sum, c.has_failures::int::bigint as failing, "
                + "(c.feedback_count > 0)::int::bigint as with_feedback, "
                + "(c.negative_feedback_count > 0)::int::bigint as negative_feedback, "
                + bands(i -> "coalesce((" + band(i) + ")::int, 0)::bigint");
        String scope = MetadataTag.condition(sql::bind, "c", environment, tags);
        return rollupRows(sql, span, "conversation_rollups", rollupColumns, environment, "")
                + " union all select " + rawColumns + " from conversations c where "
                + Span.in(sql, "c.last_activity_at", span.raw()) + (scope == null ? "" : " and " + scope);
    }

    /**
     * Messages by sent_at: t, n. Whole hours from message_rollups, whole minutes of the partial hours from
     * message_minute_rollups; the deltas are per minute and serve both.
     */
    static String messages(Sql sql, Span span, String environment, List<MetadataTag> tags) {
        Span minutes = span.minutes();
        String env = environment == null ? "" : " and r.environment = " + sql.bind(environment);
        String hours = Span.in(sql, "r.hour", span.units());
        String hourDeltas = Span.in(sql, "r.minute", span.units());
        String wholeMinutes = Span.in(sql, "r.minute", minutes.units());
        String scope = MetadataTag.condition(sql::bind, "c", environment, tags);
        return "select r.hour as t, r.messages as n from message_rollups r where " + hours + env
                + " union all select r.minute, r.messages from message_minute_rollups r where " + wholeMinutes + env
                + " union all select r.minute, r.messages from message_rollup_deltas r where (" + hourDeltas + " or "
                + wholeMinutes + ")" + env
                + " union all select m.sent_at, 1::bigint from messages m where " + Span.in(sql, "m.sent_at", minutes.raw())
                + (scope == null ? "" : " and exists (select 1 from conversations c where c.id = m.conversation_id and "
                        + scope + ")");
    }

    /** Failures by detected_at with the given statuses and severities (null: any): t, type, n. */
    static String failures(Sql sql, Span span, List<String> statuses, List<String> severities, String environment,
                           List<MetadataTag> tags) {
        StringBuilder dims = new StringBuilder();
        StringBuilder rawDims = new StringBuilder();
        if (statuses != null) {
            dims.append(" and ").append(Sql.oneOf(sql, "r.status", statuses));
            rawDims.append(" and ").append(Sql.oneOf(sql, "f.status", statuses));
        }
        if (severities != null) {
            dims.append(" and ").append(Sql.oneOf(sql, "r.severity", severities));
            rawDims.append(" and ").append(Sql.oneOf(sql, "f.severity", severities));
        }
        String scope = MetadataTag.condition(sql::bind, "c", environment, tags);
        return rollupRows(sql, span, "failure_rollups", "r.hour as t, r.type, r.failures as n", environment,
                dims.toString())
                + " union all select f.detected_at as t, f.type, 1::bigint as n from failures f where "
                + Span.in(sql, "f.detected_at", span.raw()) + rawDims
                + (scope == null ? "" : " and exists (select 1 from conversations c where c.id = f.conversation_id and "
                        + scope + ")");
    }

    /** Every conversation stored, from the rollups (each conversation is in exactly one hour). */
    static final String TOTAL_CONVERSATIONS = "(select coalesce(sum(n), 0) from (select conversations as n from "
            + "conversation_rollups union all select conversations from conversation_rollup_deltas) t)";

    /** The compacted table and its pending deltas over the span's whole hours. */
    private static String rollupRows(Sql sql, Span span, String table, String columns, String environment,
                                     String moreConditions) {
        String where = Span.in(sql, "r.hour", span.units())
                + (environment == null ? "" : " and r.environment = " + sql.bind(environment)) + moreConditions;
        return "select " + columns + " from " + table + " r where " + where
                + " union all select " + columns + " from " + table.replace("_rollups", "_rollup_deltas") + " r where "
                + where;
    }

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
