package com.convosensei.processor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.convosensei.contracts.admin.AlertThresholds;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.processor.scoring.ScoringService;
import com.convosensei.processor.scoring.TestDb;
import com.convosensei.processor.scoring.TestDb.Msg;
import com.convosensei.processor.stream.StreamConsumers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alert delivery against a real local HTTP server standing in for Slack. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class AlertsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static FakeSlack slack;

    static final List<Msg> FRUSTRATED = List.of(
            Msg.user("Hi, I was charged twice for my order 1234 this month"),
            Msg.assistant("I'm sorry to hear that. Could you tell me more about the charge on your account?"),
            Msg.user("I already told you, I was charged twice! This is ridiculous."),
            Msg.assistant("I'm sorry to hear that. Could you tell me more about the charge on your account?"),
            Msg.user("This is useless. I want to talk to a real person now."));

    @Inject
    AlertService alerts;
    @Inject
    ScoringService scoring;
    @Inject
    StreamConsumers consumers;
    @Inject
    ObjectMapper mapper;
    @Inject
    RedisDataSource redis;
    @Inject
    AlertSettingsRepository alertSettings;

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

    @AfterEach
    void stopConsumers() {
        consumers.stop("alerts");
    }

    private static void settings(String webhook, String minSeverity, double healthBelow, int cooldown, int digestAfter) {
        TestDb.DB.exec("update app_settings set slack_webhook_url = ?, alert_thresholds = ?::jsonb", webhook,
                "{\"min_severity\": \"%s\", \"health_below\": %s, \"cooldown_minutes\": %d, \"digest_after_per_minute\": %d}"
                        .formatted(minSeverity, healthBelow, cooldown, digestAfter));
    }

    /** The same stored JSON admin-api's SettingsTest shows: a refused key falls back alone, not the whole object. */
    @Test
    void storedThresholdsTheSettingsPageWouldRefuse__readAsTheirDefaults_keyByKey() {
        TestDb.DB.exec("update app_settings set slack_webhook_url = null, alert_thresholds = ?::jsonb",
                "{\"min_severity\": \"urgent\", \"health_below\": 250, \"cooldown_minutes\": \"soon\","
                        + " \"digest_after_per_minute\": 3}");
        AlertSettings read = alertSettings.current().await().atMost(Duration.ofSeconds(5));
        assertThat(read.thresholds()).isEqualTo(new AlertThresholds("high", 40.0, 10, 3));
    }

    private static UUID conversation(String externalId) {
        return TestDb.conversation(externalId, true, Instant.now(), FRUSTRATED);
    }

    private static AlertEvent failure(UUID conversation, String type) {
        return AlertEvent.failure(conversation, null, type, "high", 0.9, "The user asked for a human twice.",
                "I want to talk to a real person now.", 31.0);
    }

    private static Map<String, Object> alertRow(String dedupeKey) {
        return TestDb.DB.one("select status, attempts, response_status, response_body, sent_at, kind, last_attempt_at, next_retry_at"
                        + " from alerts where dedupe_key = ?",
                dedupeKey);
    }

    @Test
    void newFailures__oneSlackMessageEach_withDeepLink_andNoneOnRescore() throws Exception {
        settings(slack.url(), "high", 0, 0, 100);
        UUID id = conversation("conv-alert-e2e");
        consumers.start("alerts");

        ScoringService.Outcome outcome = scoring.score(id).await().atMost(WAIT);

        List<AlertEvent> events = outcome.alerts();
        assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.kind()).isEqualTo(AlertEvent.KIND_FAILURE));
        Set<String> types = new HashSet<>();
        events.forEach(e -> types.add(e.failureType()));
        TestDb.await(WAIT, "one Slack message per new failure type",
                () -> slack.requests.size() >= types.size() && TestDb.DB.rows(
                        "select 1 from alerts where status = 'sent'").size() == types.size());
        assertThat(slack.requests).hasSize(types.size());
        for (FakeSlack.Request r : slack.requests) {
            JsonNode body = mapper.readTree(r.body());
            assertThat(body.path("text").asText()).contains("conv-alert-e2e");
            List<String> urls = new ArrayList<>();
            body.path("blocks").findValues("url").forEach(u -> urls.add(u.asText()));
            assertThat(urls).contains("https://sensei.test/conversations/" + id);
        }
        for (String type : types) {
            Map<String, Object> row = alertRow("failure:" + id + ":" + type);
            assertThat(row.get("status")).isEqualTo("sent");
            assertThat(row.get("attempts")).isEqualTo(1);
            assertThat(row.get("response_status")).isEqualTo(200);
            assertThat(row.get("response_body")).isEqualTo("ok");
            assertThat(row.get("sent_at")).isNotNull();
        }

        // re-scoring finds nothing new; a duplicate event for the same conversation + type is deduplicated
        assertThat(scoring.score(id).await().atMost(WAIT).alerts()).isEmpty();
        alerts.handle(failure(id, events.get(0).failureType())).await().atMost(WAIT);
        assertThat(slack.requests).hasSize(types.size());
        assertThat(TestDb.DB.value("select count(*) from alerts")).isEqualTo((long) types.size());
    }

    @Test
    void serverErrorThenOk__retriedAndRecordedAsSent() {
        settings(slack.url(), "high", 0, 0, 100);
        UUID id = conversation("conv-500");
        slack.script.add(new FakeSlack.Reply(500, "internal_error", null));

        alerts.handle(failure(id, "escalation_request")).await().atMost(WAIT);

        assertThat(slack.requests).hasSize(2);
        Map<String, Object> row = alertRow("failure:" + id + ":escalation_request");
        assertThat(row.get("status")).isEqualTo("sent");
        assertThat(row.get("attempts")).isEqualTo(2);
        assertThat(row.get("response_status")).isEqualTo(200);
    }

    @Test
    void rateLimited__waitsTheRetryAfterSlackAsksFor() {
        settings(slack.url(), "high", 0, 0, 100);
        UUID id = conversation("conv-429");
        slack.script.add(new FakeSlack.Reply(429, "rate_limited", "1"));

        alerts.handle(failure(id, "user_frustration")).await().atMost(WAIT);

        assertThat(slack.requests).hasSize(2);
        long gapMillis = (slack.requests.get(1).receivedAtNanos() - slack.requests.get(0).receivedAtNanos()) / 1_000_000;
        assertThat(gapMillis).isGreaterThanOrEqualTo(950);
        Map<String, Object> row = alertRow("failure:" + id + ":user_frustration");
        assertThat(row.get("status")).isEqualTo("sent");
        assertThat(row.get("attempts")).isEqualTo(2);
    }

    @Test
    void slackKeepsFailing__recordedFailed_thenDeadLetteredAfterTheDeliveryCap() {
        settings(slack.url(), "high", 0, 0, 100);
        UUID id = conversation("conv-down");
        slack.fallback = new FakeSlack.Reply(503, "service_unavailable", null);

        assertThatThrownBy(() -> alerts.handle(failure(id, "agent_refusal")).await().atMost(WAIT))
                .isInstanceOf(AlertDeliveryException.class);
        Map<String, Object> row = alertRow("failure:" + id + ":agent_refusal");
        assertThat(row.get("status")).isEqualTo("failed");
        assertThat(row.get("attempts")).isEqualTo(5); // first try + max-retries 4
        assertThat(row.get("response_status")).isEqualTo(503);
        // delivery 1 of 2 (test cap): the consumer takes it again after claim-idle (1 s) + claim-interval (300 ms)
        assertThat(row.get("last_attempt_at")).isNotNull();
        assertThat(TestDb.DB.value("select extract(epoch from next_retry_at - last_attempt_at)::float8 from alerts"
                + " where dedupe_key = ?", "failure:" + id + ":agent_refusal")).isInstanceOfSatisfying(Double.class,
                gap -> assertThat(gap).isBetween(1.0, 2.0));

        // through the stream: every delivery retries, then the entry lands in the DLQ
        String before = lastDlqId();
        UUID other = conversation("conv-down-stream");
        slack.requests.clear();
        redis.stream(String.class).xadd(Streams.ALERTS, Map.of(Streams.FIELD_PAYLOAD,
                json(failure(other, "agent_refusal"))));
        consumers.start("alerts");
        TestDb.await(Duration.ofSeconds(30), "the failing alert dead-lettered",
                () -> dlqEntriesAfter(before).stream().anyMatch(m -> m.payload().getOrDefault(Streams.FIELD_PAYLOAD, "")
                        .contains(other.toString())));
        assertThat(slack.requests).hasSize(10); // 2 deliveries (test cap) x 5 attempts
        Map<String, Object> streamed = alertRow("failure:" + other + ":agent_refusal");
        assertThat(streamed.get("status")).isEqualTo("failed");
        assertThat(streamed.get("attempts")).isEqualTo(10);
        assertThat(streamed.get("next_retry_at")).as("the last delivery: no retry comes").isNull();
    }

    @Test
    void permanentClientError__recordedFailed_withoutRetrying() {
        settings(slack.url(), "high", 0, 0, 100);
        UUID id = conversation("conv-404");
        slack.fallback = new FakeSlack.Reply(404, "no_service", null);

        alerts.handle(failure(id, "agent_refusal")).await().atMost(WAIT);

        assertThat(slack.requests).hasSize(1);
        Map<String, Object> row = alertRow("failure:" + id + ":agent_refusal");
        assertThat(row.get("status")).isEqualTo("failed");
        assertThat(row.get("response_body")).isEqualTo("no_service");
        assertThat(row.get("last_attempt_at")).isNotNull();
        assertThat(row.get("next_retry_at")).as("a 4xx is not retried").isNull();
    }

    @Test
    void cooldown__aSecondAlertOfTheSameTypeIsSuppressed() {
        settings(slack.url(), "high", 0, 10, 100);
        UUID first = conversation("conv-cool-1");
        UUID second = conversation("conv-cool-2");
        UUID third = conversation("conv-cool-3");

        alerts.handle(failure(first, "user_frustration")).await().atMost(WAIT);
        alerts.handle(failure(second, "user_frustration")).await().atMost(WAIT);
        alerts.handle(failure(third, "pii_exposure")).await().atMost(WAIT);

        assertThat(slack.requests).hasSize(2);
        assertThat(alertRow("failure:" + first + ":user_frustration").get("status")).isEqualTo("sent");
        assertThat(alertRow("failure:" + second + ":user_frustration").get("status")).isEqualTo("suppressed");
        assertThat(alertRow("failure:" + third + ":pii_exposure").get("status")).isEqualTo("sent");
    }

    @Test
    void overThePerMinuteLimit__extraAlertsAreDigested_intoOneMessage() throws Exception {
        settings(slack.url(), "high", 0, 0, 2);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID id = conversation("conv-digest-" + i);
            ids.add(id);
            alerts.handle(failure(id, "user_frustration")).await().atMost(WAIT);
        }

        assertThat(slack.requests).hasSize(2);
        assertThat(TestDb.DB.rows("select status from alerts where kind = 'failure' order by created_at"))
                .extracting(r -> r.get("status"))
                .containsExactly("sent", "sent", "digested", "digested", "digested");

        alerts.flushDigest().await().atMost(WAIT);
        alerts.flushDigest().await().atMost(WAIT); // nothing left: no second digest

        assertThat(slack.requests).hasSize(3);
        JsonNode digest = mapper.readTree(slack.requests.get(2).body());
        assertThat(digest.path("text").asText()).contains("3 more alerts");
        assertThat(digest.toString()).contains("conv-digest-2", "conv-digest-4",
                "https://sensei.test/conversations/" + ids.get(3));
        Map<String, Object> row = TestDb.DB.one("select status, attempts, payload ->> 'count' as count from alerts where kind = 'digest'");
        assertThat(row.get("status")).isEqualTo("sent");
        assertThat(row.get("count")).isEqualTo("3");
        assertThat(TestDb.DB.rows("select sent_at from alerts where status = 'digested'"))
                .hasSize(3).allSatisfy(r -> assertThat(r.get("sent_at")).isNotNull());
    }

    @Test
    void noWebhook__alertsAreRecordedNotSent() {
        settings(null, "high", 0, 0, 1);
        UUID a = conversation("conv-nohook-1");
        UUID b = conversation("conv-nohook-2");

        alerts.handle(failure(a, "user_frustration")).await().atMost(WAIT);
        alerts.handle(failure(b, "user_frustration")).await().atMost(WAIT);
        alerts.flushDigest().await().atMost(WAIT);

        assertThat(slack.requests).isEmpty();
        assertThat(alertRow("failure:" + a + ":user_frustration").get("status")).isEqualTo("recorded");
        assertThat(alertRow("failure:" + b + ":user_frustration").get("status")).isEqualTo("recorded");
        assertThat(TestDb.DB.rows("select 1 from alerts where kind = 'digest'")).isEmpty();
    }

    @Test
    void healthCrossingBelowTheThreshold__alertsOnce() throws Exception {
        settings(slack.url(), "critical", 90, 0, 100);
        UUID id = conversation("conv-health");
        consumers.start("alerts");

        ScoringService.Outcome outcome = scoring.score(id).await().atMost(WAIT);
        scoring.score(id).await().atMost(WAIT);

        assertThat(outcome.alerts()).extracting(AlertEvent::kind).contains(AlertEvent.KIND_HEALTH);
        TestDb.await(WAIT, "health alert sent", () -> !TestDb.DB.rows(
                "select 1 from alerts where kind = 'health' and status = 'sent'").isEmpty());
        JsonNode body = mapper.readTree(slack.requests.stream()
                .filter(r -> r.body().contains("health dropped")).findFirst().orElseThrow().body());
        assertThat(body.path("text").asText()).contains("conv-health", "below 90");
        assertThat(TestDb.DB.value("select count(*) from alerts where kind = 'health'")).isEqualTo(1L);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String lastDlqId() {
        List<StreamMessage<String, String, String>> last = redis.stream(String.class).xrevrange(Streams.DLQ,
                io.quarkus.redis.datasource.stream.StreamRange.of("+", "-"), 1);
        return last.isEmpty() ? "0-0" : last.get(0).id();
    }

    private List<StreamMessage<String, String, String>> dlqEntriesAfter(String id) {
        return redis.stream(String.class).xrange(Streams.DLQ,
                io.quarkus.redis.datasource.stream.StreamRange.of("(" + id, "+"));
    }
}
