package com.convosensei.platform.query;

import com.convosensei.platform.error.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A half-open time range [from, to) taken from either {@code timeframe} (a look-back like 24h, 7d, 30d ending now)
 * or {@code from}/{@code to} (ISO-8601 instants, offsets or plain dates, UTC). Either end may be null on list
 * endpoints; analytics use {@link #bounded} which always fills both.
 */
public record Timeframe(Instant from, Instant to) {

    public static final String TIMEFRAME = "timeframe";
    public static final String FROM = "from";
    public static final String TO = "to";
    private static final Pattern LOOK_BACK = Pattern.compile("(\\d{1,4})([hd])");
    static final Duration MAX_LOOK_BACK = Duration.ofDays(3660);
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** For lists: no parameters means no time filter. */
    public static Timeframe optional(String timeframe, String from, String to, Clock clock) {
        if (blank(timeframe) && blank(from) && blank(to)) {
            return new Timeframe(null, null);
        }
        return parse(timeframe, from, to, clock, null);
    }

    /** For analytics: no parameters means the last {@code fallback}; a lone {@code to} looks back {@code fallback}. */
    public static Timeframe bounded(String timeframe, String from, String to, Clock clock, Duration fallback) {
        return parse(timeframe, from, to, clock, fallback);
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    private static Timeframe parse(String timeframe, String from, String to, Clock clock, Duration fallback) {
        Instant now = clock.instant();
        if (!blank(timeframe)) {
            if (!blank(from) || !blank(to)) {
                throw ApiException.badRequest(TIMEFRAME, "give either timeframe or from/to, not both");
            }
            // lists leave the look-back open-ended: a row stamped by a database clock slightly ahead of ours still shows
            return new Timeframe(now.minus(lookBack(timeframe)), fallback == null ? null : now);
        }
        Instant f = blank(from) ? null : instant(FROM, from);
        Instant t = blank(to) ? null : instant(TO, to);
        if (fallback != null) {
            if (t == null) {
                t = f != null && f.isAfter(now) ? f.plus(fallback) : now;
            }
            if (f == null) {
                f = t.minus(fallback);
            }
        }
        if (f != null && t != null && !f.isBefore(t)) {
            throw ApiException.badRequest(FROM, "must be before to");
        }
        return new Timeframe(f, t);
    }

    public static Duration lookBack(String value) {
        Matcher m = LOOK_BACK.matcher(value.trim());
        if (!m.matches()) {
            throw ApiException.badRequest(TIMEFRAME, "must be a look-back like 24h, 7d or 30d");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n);
        if (n == 0 || d.compareTo(MAX_LOOK_BACK) > 0) {
            throw ApiException.badRequest(TIMEFRAME, "must be between 1h and 3660d");
        }
        return d;
    }

    static Instant instant(String field, String raw) {
        // a '+' offset arrives as a space when the client did not percent-encode it
        String v = raw.trim().replace(' ', '+');
        Instant parsed;
        try {
            parsed = OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                parsed = LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw ApiException.badRequest(field, "must be an ISO-8601 timestamp (2025-01-31T12:00:00Z) or date (2025-01-31)");
            }
        }
        // keeps every derived bound (e.g. the previous period) inside what PostgreSQL and Java both represent
        if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
            throw ApiException.badRequest(field, "must lie between 1970 and 9999");
        }
        return parsed;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
