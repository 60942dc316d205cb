package com.convosensei.processor.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.Scrape;
import com.convosensei.processor.scoring.TestDb.Msg;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code sensei_scoring_duration_seconds} and {@code sensei_scoring_analysis_seconds} move once per scoring. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class ScoringMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DURATION = "sensei_scoring_duration_seconds_count";
    private static final String ANALYSIS = "sensei_scoring_analysis_seconds_count";

    @Inject
    ScoringService scoring;

    @BeforeEach
    void clean() {
        TestDb.reset();
    }

    @Test
    void eachScoring__countedByOutcome_analysisOnlyWhenThereIsAConversation() {
        UUID id = TestDb.conversation("conv-metric-score", true, Instant.now(),
                List.of(Msg.user("My order never arrived"), Msg.assistant("Sorry, I will check the tracking for you.")));
        Scrape before = Scrape.now();
        assertThat(scoring.score(id).await().atMost(WAIT).found()).isTrue();
        assertThat(scoring.score(UUID.randomUUID()).await().atMost(WAIT).found()).isFalse();
        Scrape after = Scrape.now();

        assertThat(after.value(DURATION, "outcome", "scored") - before.value(DURATION, "outcome", "scored")).isEqualTo(1);
        assertThat(after.value(DURATION, "outcome", "missing") - before.value(DURATION, "outcome", "missing")).isEqualTo(1);
        assertThat(after.value(DURATION, "outcome", "failed") - before.value(DURATION, "outcome", "failed")).isZero();
        assertThat(after.value(ANALYSIS) - before.value(ANALYSIS)).isEqualTo(1);
        assertThat(after.value("sensei_scoring_duration_seconds_sum", "outcome", "scored"))
                .isGreaterThan(before.value("sensei_scoring_duration_seconds_sum", "outcome", "scored"));
        assertThat(after.has("sensei_scoring_duration_seconds_bucket", "outcome", "scored", "service", "processor")).isTrue();
    }
}
