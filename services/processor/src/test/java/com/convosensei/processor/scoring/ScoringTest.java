package com.convosensei.processor.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.stream.ProcessEvent;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.processor.alerts.AlertEvent;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.processor.scoring.ScoringRepository.UpsertedFailure;
import com.convosensei.processor.scoring.TestDb.Msg;
import com.convosensei.processor.stream.Decoded;
import com.convosensei.processor.stream.ProcessPublisher;
import com.convosensei.processor.stream.StreamConsumers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The process consumer's scoring against the real test database (and Redis for the stream path). */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class ScoringTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    /** Frustration, a repeated answer, and a request for a human: several failures, low health. */
    static final List<Msg> FRUSTRATED = List.of(
            Msg.user("Hi, I was charged twice for my order 1234 this month"),
            Msg.assistant("I'm sorry to hear that. Could you tell me more about the charge on your account?"),
            Msg.user("I already told you, I was charged twice! This is ridiculous."),
            Msg.assistant("I'm sorry to hear that. Could you tell me more about the charge on your account?"),
            Msg.user("This is useless. I want to talk to a real person now."));

    static final List<Msg> PLEASANT = List.of(
            Msg.user("How do I export my report to CSV?"),
            Msg.assistant("Open the report, click Export in the top right corner and choose CSV."),
            Msg.user("Perfect, that worked. Thanks a lot!"),
            Msg.assistant("Glad it helped! Have a great day."));

    @Inject
    ScoringService scoring;
    @Inject
    ProcessSubscriber subscriber;
    @Inject
    StreamConsumers consumers;
    @Inject
    ProcessPublisher publisher;
    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper mapper;
    @Inject
    ScoringRepository repository;
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @BeforeEach
    void clean() {
        TestDb.reset();
    }

    @AfterEach
    void stopConsumers() {
        consumers.stop("process");
    }

    @Test
    void lockVersion__sameAsTheUnlockedRead_untilTheRowIsWritten__soAStaleAnalysisIsRedone() {
        UUID id = TestDb.conversation("conv-version", PLEASANT);
        String read = repository.load(pool, id, 100, false).await().atMost(WAIT).version();

        String locked = pool.withTransaction(conn -> repository.lockVersion(conn, id)).await().atMost(WAIT);
        assertThat(locked).as("a lock alone is no write").isEqualTo(read);

        // what ingest does when messages arrive, or a feedback counter when feedback does
        TestDb.DB.exec("update conversations set metadata = metadata || '{\"k\":1}' where id = ?", id);
        assertThat(pool.withTransaction(conn -> repository.lockVersion(conn, id)).await().atMost(WAIT))
                .isNotEqualTo(read);
        assertThat(pool.withTransaction(conn -> repository.lockVersion(conn, UUID.randomUUID())).await().atMost(WAIT))
                .isNull();
    }

    @Test
    void scoreAll__scoresEachConversationInOneTransaction_missingOnesReported() {
        UUID a = TestDb.conversation("conv-batch-a", FRUSTRATED);
        UUID b = TestDb.conversation("conv-batch-b", PLEASANT);
        UUID c = TestDb.conversation("conv-batch-c", FRUSTRATED);
        UUID gone = UUID.randomUUID();
        Map<UUID, Boolean> batch = new java.util.LinkedHashMap<>();
        List.of(c, gone, a, b).forEach(id -> batch.put(id, true));

        List<ScoringService.Outcome> outcomes = scoring.scoreAll(batch).await().atMost(WAIT);

        assertThat(outcomes).extracting(ScoringService.Outcome::conversationId).containsExactlyInAnyOrder(a, b, c, gone);
        assertThat(outcomes).filteredOn(ScoringService.Outcome::found).extracting(ScoringService.Outcome::conversationId)
                .as("lock order: environment, then external id").containsExactly(a, b, c);
        List<Map<String, Object>> rows = TestDb.DB.rows(
                "select xmin::text as xid, scored_at, failure_count from conversations where id::text = any(?) "
                        + "order by external_id", (Object) new String[] {a.toString(), b.toString(), c.toString()});
        assertThat(rows).allSatisfy(r -> assertThat(r.get("scored_at")).isNotNull());
        assertThat(rows).extracting(r -> r.get("xid")).as("written by one transaction").containsOnly(rows.get(0).get("xid"));
        assertThat(outcomes).filteredOn(o -> o.conversationId().equals(a)).first()
                .satisfies(o -> assertThat(o.failures()).isNotEmpty());
        assertThat((Integer) rows.get(1).get("failure_count")).isZero();
    }

    @Test
    void score__writesHealthBreakdownFailuresAndSentimentInOneGo() throws Exception {
        UUID id = TestDb.conversation("conv-frustrated", true, Instant.now(), FRUSTRATED);

        ScoringService.Outcome outcome = scoring.score(id).await().atMost(WAIT);

        assertThat(outcome.found()).isTrue();
        Map<String, Object> c = TestDb.DB.one("""
                select health_score, health_breakdown::text as breakdown, health_version, scored_at, sentiment_avg,
                       sentiment_min, sentiment_last, sentiment_trend, has_failures, failure_count, failure_types,
                       max_severity from conversations where id = ?""", id);
        double health = (Double) c.get("health_score");
        assertThat(health).isBetween(0.0, 60.0);
        assertThat(c.get("scored_at")).isNotNull();
        assertThat(c.get("health_version")).isEqualTo("health-v2");
        JsonNode breakdown = mapper.readTree((String) c.get("breakdown"));
        assertThat(breakdown.isObject()).as("health_breakdown is a JSON object, not a JSON string").isTrue();
        assertThat(breakdown.path("score").asDouble()).isEqualTo(health);
        assertThat(breakdown.path("version").asText()).isEqualTo(c.get("health_version"));
        Set<String> components = new HashSet<>();
        breakdown.path("components").forEach(n -> components.add(n.path("name").asText()));
        assertThat(components).contains("failures", "sentiment_trajectory");
        assertThat(breakdown.path("summary").asText()).isNotBlank();

        List<Map<String, Object>> failures = TestDb.DB.rows(
                "select type, severity, status, source, evidence::text as evidence, explanation from failures where conversation_id = ? order by type", id);
        Set<String> types = new HashSet<>();
        failures.forEach(f -> types.add((String) f.get("type")));
        assertThat(types).contains("user_frustration", "escalation_request");
        assertThat(failures).allSatisfy(f -> {
            assertThat(f.get("status")).isEqualTo("open");
            assertThat(f.get("source")).isEqualTo("rules");
            assertThat((String) f.get("evidence")).startsWith("[{");
            assertThat((String) f.get("explanation")).isNotBlank();
        });
        assertThat(c.get("has_failures")).isEqualTo(true);
        assertThat(c.get("failure_count")).isEqualTo(failures.size());
        assertThat(new HashSet<>((List<?>) c.get("failure_types"))).isEqualTo(types);
        assertThat(c.get("max_severity")).isIn("high", "critical");

        List<Map<String, Object>> messages = TestDb.DB.rows(
                "select role, sentiment_score from messages where conversation_id = ? order by sent_at", id);
        assertThat(messages).allSatisfy(m -> assertThat(m.get("sentiment_score")).isNotNull());
        assertThat((Double) messages.get(4).get("sentiment_score")).isNegative();
        assertThat((Double) c.get("sentiment_min")).isLessThanOrEqualTo((Double) c.get("sentiment_avg"));
        assertThat((Double) c.get("sentiment_last")).isNegative();
    }

    @Test
    void score__recountsTheFeedbackCountersTheTriggersMissed() {
        UUID id = TestDb.conversation("conv-feedback-race", true, Instant.now(), FRUSTRATED);
        TestDb.DB.exec("""
                insert into feedback (environment, conversation_external_id, kind, value, given_at)
                values ('test', 'conv-feedback-race', 'thumbs', -1, now())""");
        try {
            // feedback committed while the conversation's first insert was in flight: neither V19 trigger saw the other
            TestDb.DB.exec("update conversations set feedback_count = 0, negative_feedback_count = 0 where id = ?", id);

            scoring.score(id).await().atMost(WAIT);

            assertThat(TestDb.DB.one("select feedback_count, negative_feedback_count from conversations where id = ?", id))
                    .containsEntry("feedback_count", 1).containsEntry("negative_feedback_count", 1);
        } finally {
            TestDb.DB.exec("delete from feedback where conversation_external_id = 'conv-feedback-race'");
        }
    }

    @Test
    void rescore__changesNothing() {
        UUID id = TestDb.conversation("conv-rescore", true, Instant.now(), FRUSTRATED);
        ScoringService.Outcome first = scoring.score(id).await().atMost(WAIT);
        String failuresSql = "select id, type, fingerprint, severity, confidence, status, detected_at from failures where conversation_id = ? order by id";
        String conversationSql = "select health_score, health_breakdown::text as b, has_failures, failure_count, failure_types, max_severity, sentiment_avg from conversations where id = ?";
        String sentimentSql = "select id, sentiment_score from messages where conversation_id = ? order by id";
        List<Map<String, Object>> failuresBefore = TestDb.DB.rows(failuresSql, id);
        Map<String, Object> conversationBefore = TestDb.DB.one(conversationSql, id);
        List<Map<String, Object>> sentimentBefore = TestDb.DB.rows(sentimentSql, id);

        ScoringService.Outcome second = scoring.score(id).await().atMost(WAIT);

        assertThat(first.failures()).isNotEmpty().allSatisfy(f -> assertThat(f.inserted()).isTrue());
        assertThat(second.failures()).hasSameSizeAs(first.failures()).allSatisfy(f -> assertThat(f.inserted()).isFalse());
        assertThat(second.pruned()).isZero();
        assertThat(second.alerts()).isEmpty();
        assertThat(TestDb.DB.rows(failuresSql, id)).isEqualTo(failuresBefore);
        assertThat(TestDb.DB.one(conversationSql, id)).isEqualTo(conversationBefore);
        assertThat(TestDb.DB.rows(sentimentSql, id)).isEqualTo(sentimentBefore);
    }

    @Test
    void rescore__keepsAFailureAPersonResolvedResolved() {
        UUID id = TestDb.conversation("conv-resolved", true, Instant.now(), FRUSTRATED);
        scoring.score(id).await().atMost(WAIT);
        TestDb.DB.exec("update failures set status = 'resolved', status_changed_by = 'tester', status_changed_at = now() "
                + "where conversation_id = ? and type = 'user_frustration'", id);
        int count = ((Number) TestDb.DB.value("select count(*) from failures where conversation_id = ?", id)).intValue();

        ScoringService.Outcome again = scoring.score(id).await().atMost(WAIT);

        assertThat(TestDb.DB.value("select status from failures where conversation_id = ? and type = 'user_frustration'", id))
                .isEqualTo("resolved");
        assertThat(((Number) TestDb.DB.value("select count(*) from failures where conversation_id = ?", id)).intValue())
                .isEqualTo(count);
        assertThat(again.alerts()).isEmpty();
        // resolved is a person's triage state: the conversation still had that failure
        assertThat(TestDb.DB.value("select failure_count from conversations where id = ?", id)).isEqualTo(count);
    }

    @Test
    void rescore__keepsAFalsePositiveVerdictAndWhatWasJudged() {
        UUID id = TestDb.conversation("conv-false-positive", true, Instant.now(), FRUSTRATED);
        scoring.score(id).await().atMost(WAIT);
        String sql = "select id, status, fingerprint, severity, confidence, explanation, evidence::text as evidence, "
                + "status_changed_by from failures where conversation_id = ? and type = 'user_frustration'";
        Map<String, Object> detected = TestDb.DB.one(sql, id);
        TestDb.DB.exec("update failures set status = 'false_positive', status_changed_by = 'tester', status_changed_at = now(), "
                + "severity = 'low', confidence = 0.11, explanation = 'as judged' where id = ?", detected.get("id"));
        Map<String, Object> judged = TestDb.DB.one(sql, id);

        ScoringService.Outcome again = scoring.score(id).await().atMost(WAIT);

        // the same fingerprint is found again: same row, still a false positive, nothing the person judged overwritten
        assertThat(TestDb.DB.one(sql, id)).isEqualTo(judged);
        assertThat(judged.get("fingerprint")).isEqualTo(detected.get("fingerprint"));
        assertThat(again.alerts()).isEmpty();
        assertThat(TestDb.DB.count("select count(*) from failure_verdicts where conversation_id = ?", id)).isEqualTo(1);
    }

    @Test
    void rescore__dropsOpenFailuresNoLongerDetected_butKeepsTriagedOnes() {
        UUID id = TestDb.conversation("conv-pleasant", true, Instant.now(), PLEASANT);
        TestDb.DB.exec("""
                insert into failures (conversation_id, type, severity, confidence, fingerprint, explanation, status)
                values (?, 'abandonment', 'medium', 0.8, 'abandonment:stale', 'left', 'open'),
                       (?, 'agent_refusal', 'medium', 0.8, 'agent_refusal:seen', 'refused', 'ack')""", id, id);

        ScoringService.Outcome outcome = scoring.score(id).await().atMost(WAIT);

        assertThat(outcome.pruned()).isEqualTo(1);
        assertThat(TestDb.DB.rows("select type, status from failures where conversation_id = ?", id))
                .containsExactly(Map.of("type", "agent_refusal", "status", "ack"));
        Map<String, Object> c = TestDb.DB.one("select has_failures, failure_count, failure_types, health_score from conversations where id = ?", id);
        assertThat(c.get("failure_count")).isEqualTo(1);
        assertThat(c.get("failure_types")).isEqualTo(List.of("agent_refusal"));
    }

    @Test
    void score__healthyConversationHasNoFailuresAndGoodHealth() {
        UUID id = TestDb.conversation("conv-healthy", true, Instant.now(), PLEASANT);

        scoring.score(id).await().atMost(WAIT);

        Map<String, Object> c = TestDb.DB.one("select health_score, has_failures, failure_count, failure_types, max_severity, sentiment_avg from conversations where id = ?", id);
        assertThat((Double) c.get("health_score")).isGreaterThanOrEqualTo(75.0);
        assertThat(c.get("has_failures")).isEqualTo(false);
        assertThat(c.get("failure_count")).isEqualTo(0);
        assertThat(c.get("failure_types")).isEqualTo(List.of());
        assertThat(c.get("max_severity")).isNull();
        assertThat((Double) c.get("sentiment_avg")).isPositive();
    }

    @Test
    void score__unknownConversationWritesNothing() {
        ScoringService.Outcome outcome = scoring.score(UUID.randomUUID()).await().atMost(WAIT);

        assertThat(outcome.found()).isFalse();
    }

    @Test
    void alertEvents__onlyForNewFailuresAtOrAboveMinSeverity_andOnTheHealthCrossing() {
        TestDb.DB.exec("""
                update app_settings set alert_thresholds = '{"min_severity": "high", "health_below": 90, "cooldown_minutes": 0, "digest_after_per_minute": 100}'""");
        UUID id = TestDb.conversation("conv-alerts", true, Instant.now(), FRUSTRATED);

        ScoringService.Outcome first = scoring.score(id).await().atMost(WAIT);
        ScoringService.Outcome second = scoring.score(id).await().atMost(WAIT);

        List<String> highOrWorse = first.failures().stream()
                .filter(f -> f.severity().equals("high") || f.severity().equals("critical")).map(f -> f.type()).toList();
        assertThat(highOrWorse).isNotEmpty();
        assertThat(first.alerts().stream().filter(e -> e.kind().equals(AlertEvent.KIND_FAILURE)).map(AlertEvent::failureType))
                .containsExactlyInAnyOrderElementsOf(highOrWorse);
        assertThat(first.alerts()).filteredOn(e -> e.kind().equals(AlertEvent.KIND_HEALTH)).singleElement()
                .satisfies(e -> {
                    assertThat(e.previousHealthScore()).isNull();
                    assertThat(e.healthThreshold()).isEqualTo(90.0);
                    assertThat(e.healthScore()).isEqualTo(first.health());
                });
        assertThat(second.alerts()).isEmpty(); // nothing new, and health was already below the threshold
    }

    /** A failure no alert is due for never enters the outbox: no flag set, and no extra commit to clear it. */
    @Test
    void failuresUnderTheAlertThreshold__areWrittenOnceWithoutAnOutboxFlag() {
        TestDb.DB.exec("""
                update app_settings set alert_thresholds = '{"min_severity": "critical", "health_below": 0, "cooldown_minutes": 0, "digest_after_per_minute": 100}'""");
        UUID id = TestDb.conversation("conv-under-threshold", true, Instant.now(), FRUSTRATED);

        ScoringService.Outcome outcome = scoring.score(id).await().atMost(WAIT);

        assertThat(outcome.failures()).isNotEmpty().allSatisfy(f -> assertThat(f.alertPending()).isFalse());
        assertThat(outcome.alerts()).isEmpty();
        // each row's version is the scoring transaction's: inserted there and never updated after it
        assertThat(TestDb.DB.rows("""
                select f.id from failures f join conversations c on c.id = f.conversation_id
                where f.conversation_id = ? and f.xmin::text <> c.xmin::text""", id)).isEmpty();
    }

    @Test
    void alertEvents__whosePublishWasLost__arePublishedByTheNextScoring() {
        TestDb.DB.exec("""
                update app_settings set alert_thresholds = '{"min_severity": "low", "health_below": 100, "cooldown_minutes": 0, "digest_after_per_minute": 100}'""");
        UUID id = TestDb.conversation("conv-outbox", true, Instant.now(), FRUSTRATED);

        ScoringService.Outcome first = scoring.score(id).await().atMost(WAIT);
        assertThat(first.alerts()).extracting(AlertEvent::kind).contains(AlertEvent.KIND_FAILURE, AlertEvent.KIND_HEALTH);
        // once on the stream, the outbox flags are cleared
        assertThat(TestDb.DB.rows("select id from failures where conversation_id = ? and alert_pending", id)).isEmpty();
        assertThat(TestDb.DB.one("select health_alert_pending from conversations where id = ?", id))
                .containsEntry("health_alert_pending", false);

        // as if the process consumer died between the scoring commit and the XADD of the alert events
        String lostType = first.alerts().stream().filter(e -> e.kind().equals(AlertEvent.KIND_FAILURE))
                .findFirst().orElseThrow().failureType();
        TestDb.DB.exec("update failures set alert_pending = true where conversation_id = ? and type = ?", id, lostType);
        TestDb.DB.exec("update conversations set health_alert_pending = true where id = ?", id);

        ScoringService.Outcome second = scoring.score(id).await().atMost(WAIT);
        assertThat(second.alerts()).filteredOn(e -> e.kind().equals(AlertEvent.KIND_FAILURE))
                .extracting(AlertEvent::failureType).containsExactly(lostType);
        assertThat(second.alerts()).filteredOn(e -> e.kind().equals(AlertEvent.KIND_HEALTH)).hasSize(1);
        assertThat(TestDb.DB.rows("select id from failures where conversation_id = ? and alert_pending", id)).isEmpty();
        assertThat(TestDb.DB.one("select health_alert_pending from conversations where id = ?", id))
                .containsEntry("health_alert_pending", false);

        ScoringService.Outcome third = scoring.score(id).await().atMost(WAIT);
        assertThat(third.alerts()).isEmpty();
    }

    @Test
    void rescoreOfHistory__raisesNoAlertForWhatItFindsNew_butPublishesWhatIsOwed() {
        TestDb.DB.exec("""
                update app_settings set alert_thresholds = '{"min_severity": "low", "health_below": 100, "cooldown_minutes": 0, "digest_after_per_minute": 100}'""");
        UUID id = TestDb.conversation("conv-history", true, Instant.now().minus(Duration.ofDays(90)), FRUSTRATED);
        scoring.score(id).await().atMost(WAIT);
        // as if stored long ago: by health-v1, above the threshold (the new score crosses it), with one failure whose
        // alert never reached the stream and the others not found back then
        Map<String, Object> owed = TestDb.DB.rows(
                "select id, type from failures where conversation_id = ? order by type, fingerprint", id).get(0);
        String owedType = (String) owed.get("type");
        TestDb.DB.exec("delete from failures where conversation_id = ? and id <> ?", id, owed.get("id"));
        TestDb.DB.exec("update failures set alert_pending = true where conversation_id = ?", id);
        TestDb.DB.exec("update conversations set health_score = 100, health_version = 'health-v1' where id = ?", id);

        ScoringService.Outcome rescored = scoring.score(id, false).await().atMost(WAIT);

        assertThat(rescored.failures()).filteredOn(UpsertedFailure::inserted).isNotEmpty()
                .allSatisfy(f -> assertThat(f.alertPending()).isFalse());
        assertThat(rescored.alerts()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(AlertEvent.KIND_FAILURE);
            assertThat(e.failureType()).isEqualTo(owedType);
        });
        assertThat(TestDb.DB.one("select health_version, health_alert_pending from conversations where id = ?", id))
                .containsEntry("health_version", "health-v2").containsEntry("health_alert_pending", false);
        // what the re-score saw is not new to the next scoring either
        assertThat(scoring.score(id).await().atMost(WAIT).alerts()).isEmpty();
    }

    @Test
    void processStream__aRescoreEntryAlongsideNewDataScoresWithAlerts() {
        TestDb.DB.exec("""
                update app_settings set alert_thresholds = '{"min_severity": "low", "health_below": 100, "cooldown_minutes": 0, "digest_after_per_minute": 100}'""");
        UUID onlyRescore = TestDb.conversation("conv-only-rescore", true, Instant.now(), FRUSTRATED);
        UUID rescoreAndIngest = TestDb.conversation("conv-rescore-ingest", true, Instant.now(), FRUSTRATED);

        subscriber.process(List.of(entry(onlyRescore, ProcessSubscriber.REASON_RESCORE),
                entry(rescoreAndIngest, ProcessSubscriber.REASON_RESCORE),
                entry(rescoreAndIngest, ProcessEvent.REASON_INGEST))).await().atMost(WAIT);

        assertThat(TestDb.DB.value("select health_version from conversations where id = ?", onlyRescore)).isEqualTo("health-v2");
        Set<String> alerted = new HashSet<>();
        redis.stream(String.class).xrange(Streams.ALERTS, StreamRange.of("-", "+"))
                .forEach(m -> alerted.add(m.payload().get(Streams.FIELD_PAYLOAD)));
        assertThat(alerted).anyMatch(p -> p.contains(rescoreAndIngest.toString()))
                .noneMatch(p -> p.contains(onlyRescore.toString()));
    }

    private static Decoded<ProcessEvent> entry(UUID id, String reason) {
        return new Decoded<>(null, new ProcessEvent(id, reason, Instant.now()));
    }

    @Test
    void processStream__consumerScoresAndReleasesTheCoalescingMarker() {
        UUID id = TestDb.conversation("conv-stream", false, Instant.now(), PLEASANT);
        consumers.start("process");

        assertThat(publisher.request(id, ProcessEvent.REASON_INGEST).await().atMost(WAIT)).isTrue();

        TestDb.await(WAIT, "conversation scored by the process consumer",
                () -> TestDb.DB.value("select scored_at from conversations where id = ?", id) != null);
        TestDb.await(WAIT, "pending marker released",
                () -> redis.key().exists(ProcessPublisher.pendingKey(id)) == false);
    }
}
