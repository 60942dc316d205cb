package com.convosensei.processor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.Scrape;
import com.convosensei.processor.scoring.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code sensei_alerts_handled_seconds}: each alert event handled counts once, under its kind and outcome. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class AlertMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String HANDLED = "sensei_alerts_handled_seconds_count";
    private static FakeSlack slack;

    @Inject
    AlertService alerts;

    @BeforeAll
    static void startSlack() throws Exception {
        slack = new FakeSlack();
    }

    @AfterAll
    static void stopSlack() {
        slack.close();
    }

    @BeforeEach
    void clean() {
        TestDb.reset();
        slack.reset();
    }

    private static void webhook(String url) {
        TestDb.DB.exec("update app_settings set slack_webhook_url = ?, alert_thresholds = ?::jsonb", url,
                "{\"min_severity\": \"high\", \"health_below\": 0, \"cooldown_minutes\": 0, \"digest_after_per_minute\": 100}");
    }

    private static AlertEvent failure(UUID conversation, String type) {
        return AlertEvent.failure(conversation, null, type, "high", 0.9, "The user asked for a human twice.",
                "I want to talk to a real person now.", 31.0);
    }

    private static UUID conversation(String externalId) {
        return TestDb.conversation(externalId, true, Instant.now(), AlertsTest.FRUSTRATED);
    }

    /** How many events of this kind and outcome one action added. */
    private static double counted(Runnable action, String kind, String outcome) {
        Scrape before = Scrape.now();
        action.run();
        Scrape after = Scrape.now();
        double all = after.value(HANDLED) - before.value(HANDLED);
        assertThat(all).as("one event handled, in all").isEqualTo(1);
        return after.value(HANDLED, "kind", kind, "outcome", outcome) - before.value(HANDLED, "kind", kind, "outcome", outcome);
    }

    @Test
    void eachOutcome__countedOnce_underItsKindAndOutcome() {
        webhook(slack.url());
        UUID sent = conversation("conv-metric-sent");
        assertThat(counted(() -> alerts.handle(failure(sent, "user_frustration")).await().atMost(WAIT),
                "failure", "delivered")).isEqualTo(1);
        // the same conversation and type again, under a new event id: deduplicated
        assertThat(counted(() -> alerts.handle(failure(sent, "user_frustration")).await().atMost(WAIT),
                "failure", "duplicate")).isEqualTo(1);

        slack.fallback = new FakeSlack.Reply(404, "no_service", null);
        UUID refused = conversation("conv-metric-404");
        assertThat(counted(() -> alerts.handle(failure(refused, "agent_refusal")).await().atMost(WAIT),
                "failure", "failed")).isEqualTo(1);

        slack.fallback = new FakeSlack.Reply(503, "service_unavailable", null);
        UUID down = conversation("conv-metric-503");
        assertThat(counted(() -> assertThatThrownBy(() -> alerts.handle(failure(down, "agent_refusal")).await()
                .atMost(WAIT)).isInstanceOf(AlertDeliveryException.class), "failure", "failed_retrying")).isEqualTo(1);

        webhook(null);
        UUID recorded = conversation("conv-metric-recorded");
        assertThat(counted(() -> alerts.handle(failure(recorded, "agent_refusal")).await().atMost(WAIT),
                "failure", "recorded")).isEqualTo(1);
        assertThat(counted(() -> alerts.handle(failure(UUID.randomUUID(), "agent_refusal")).await().atMost(WAIT),
                "failure", "skipped")).as("the conversation no longer exists").isEqualTo(1);
        assertThat(Scrape.now().has("sensei_alerts_handled_seconds_bucket", "outcome", "delivered")).isTrue();
    }
}
