package com.convosensei.dashboard.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.convosensei.platform.error.ApiException;
import com.convosensei.platform.query.Timeframe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeframeTest {

    static final Instant NOW = Instant.parse("2025-06-15T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Duration WEEK = Duration.ofDays(7);

    @Test
    void optional__nothingGiven__isUnbounded() {
        assertThat(Timeframe.optional(null, "", " ", CLOCK)).isEqualTo(new Timeframe(null, null));
    }

    @Test
    void optional__lookBack__isOpenEndedSoRowsStampedByAFastClockStillShow() {
        assertThat(Timeframe.optional("24h", null, null, CLOCK)).isEqualTo(new Timeframe(NOW.minus(Duration.ofHours(24)), null));
    }

    @Test
    void bounded__defaultsAndLoneEnds() {
        assertThat(Timeframe.bounded(null, null, null, CLOCK, WEEK)).isEqualTo(new Timeframe(NOW.minus(WEEK), NOW));
        assertThat(Timeframe.bounded("30d", null, null, CLOCK, WEEK))
                .isEqualTo(new Timeframe(NOW.minus(Duration.ofDays(30)), NOW));
        assertThat(Timeframe.bounded(null, null, "2025-01-08", CLOCK, WEEK))
                .isEqualTo(new Timeframe(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-08T00:00:00Z")));
        assertThat(Timeframe.bounded(null, "2025-06-01T00:00:00+02:00", null, CLOCK, WEEK))
                .isEqualTo(new Timeframe(Instant.parse("2025-05-31T22:00:00Z"), NOW));
    }

    @Test
    void invalid__namesTheParameter() {
        assertField(() -> Timeframe.bounded("7w", null, null, CLOCK, WEEK), "timeframe");
        assertField(() -> Timeframe.bounded("0h", null, null, CLOCK, WEEK), "timeframe");
        assertField(() -> Timeframe.bounded("99999d", null, null, CLOCK, WEEK), "timeframe");
        assertField(() -> Timeframe.bounded("7d", "2025-01-01", null, CLOCK, WEEK), "timeframe");
        assertField(() -> Timeframe.optional(null, "2025-01-02", "2025-01-02", CLOCK), "from");
        assertField(() -> Timeframe.optional(null, "1900-01-01", null, CLOCK), "from");
        assertField(() -> Timeframe.optional(null, null, "tomorrow", CLOCK), "to");
    }

    @Test
    void cursor__roundTripsAndRefusesEdits() {
        String c = Cursor.encode("kind", "123", "abc");
        assertThat(Cursor.decode(c, "kind", 2)).containsExactly("123", "abc");
        assertField(() -> Cursor.decode(c, "other", 2), "cursor");
        assertField(() -> Cursor.decode(c, "kind", 3), "cursor");
        int mid = c.length() / 2;
        String edited = c.substring(0, mid) + (c.charAt(mid) == 'A' ? 'B' : 'A') + c.substring(mid + 1);
        assertField(() -> Cursor.decode(edited, "kind", 2), "cursor");
        assertThat(Cursor.parseMicros(Cursor.micros(Instant.parse("1999-12-31T23:59:59.123456Z").atOffset(ZoneOffset.UTC))))
                .isEqualTo(Instant.parse("1999-12-31T23:59:59.123456Z").atOffset(ZoneOffset.UTC));
    }

    static void assertField(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.error().details().get(0).field()).isEqualTo(field);
        });
    }
}
