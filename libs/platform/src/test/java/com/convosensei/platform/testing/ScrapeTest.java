package com.convosensei.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The test scrape reader: sums by name and label subset, quoted label values with braces, commas and escapes. */
class ScrapeTest {

    private static final String TEXT = """
            # HELP sensei_intake_refused_total intake items refused
            # TYPE sensei_intake_refused_total counter
            sensei_intake_refused_total{endpoint="track",reason="unauthorized",service="ingestion-gateway",} 2.0
            sensei_intake_refused_total{endpoint="track_batch",reason="rate_limited",service="ingestion-gateway",} 60.0
            http_server_requests_seconds_count{method="GET",uri="/api/v1/conversations/{id}",status="200",} 3.0
            odd{v="a \\"quoted\\", value",} 1.5
            process_uptime_seconds 12.5
            sensei_stream_backlog{stream="s",} NaN
            """;

    @Test
    void values__sumByNameAndLabelSubset() {
        Scrape s = Scrape.of(TEXT);
        assertThat(s.value("sensei_intake_refused_total")).isEqualTo(62.0);
        assertThat(s.value("sensei_intake_refused_total", "endpoint", "track")).isEqualTo(2.0);
        assertThat(s.value("sensei_intake_refused_total", "endpoint", "track", "reason", "rate_limited")).isZero();
        assertThat(s.value("http_server_requests_seconds_count", "uri", "/api/v1/conversations/{id}")).isEqualTo(3.0);
        assertThat(s.value("odd", "v", "a \"quoted\", value")).isEqualTo(1.5);
        assertThat(s.value("process_uptime_seconds")).isEqualTo(12.5);
        assertThat(s.value("sensei_stream_backlog")).isNaN();
        assertThat(s.has("missing")).isFalse();
    }
}
