package com.convosensei.processor.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.convosensei.contracts.stream.PatternRunRequest;
import com.convosensei.contracts.stream.PatternStreams;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.processor.scoring.TestDb;
import com.convosensei.processor.scoring.TestDb.Msg;
import com.convosensei.processor.stream.StreamConsumers;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pattern runs on seeded conversations from three distinct topics. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class PatternRunTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** topic -> (words one of which its pattern must be labelled with, user sentences to draw from) */
    static final Map<String, List<String>> TOPIC_WORDS = Map.of(
            "billing", List.of("refund", "charged", "invoice", "payment", "billing", "subscription", "credit", "receipt",
                    "cancel", "price", "discount", "statement", "plan", "duplicate"),
            "login", List.of("password", "reset", "login", "locked", "code", "username", "sign", "verification",
                    "authenticator", "session", "security", "captcha"),
            "shipping", List.of("package", "delivery", "tracking", "courier", "parcel", "shipment", "address",
                    "warehouse", "customs", "shipping", "depot", "label", "postal"));

    /** Each topic's vocabulary; user messages put three random words of it into a random sentence frame. */
    static final Map<String, List<String>> VOCABULARY = Map.of(
            "billing", List.of("refund", "charged", "invoice", "payment", "billing", "subscription", "credit card",
                    "duplicate charge", "receipt", "annual plan", "cancel", "overcharged", "bank statement", "price",
                    "discount code"),
            "login", List.of("password", "reset link", "login", "locked account", "two-factor code", "username",
                    "sign in", "verification email", "authenticator app", "session expired", "forgot password",
                    "security question", "log out", "single sign-on", "captcha"),
            "shipping", List.of("package", "delivery", "tracking number", "courier", "parcel", "shipment",
                    "delivery address", "warehouse", "customs", "express shipping", "lost parcel", "depot",
                    "delivery date", "return label", "postal service"));

    static final List<String> FRAMES = List.of(
            "Hi, I have a question about the %s, the %s and the %s.",
            "Something is wrong with my %s. Also the %s and %s do not match.",
            "Can you help me with the %s? I tried the %s but the %s still fails.",
            "Why is the %s like this? The %s and the %s are confusing.",
            "My %s has a problem, and nobody explained the %s or the %s.");

    static final List<String> REPLIES = List.of(
            "Let me check that for you.", "Thanks for your patience, I am looking into it.",
            "I understand, here is what you can do.", "I have updated your request.");

    @Inject
    PatternAnalysisService patterns;
    @Inject
    PatternScheduler scheduler;
    @Inject
    StreamConsumers consumers;
    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper mapper;

    private final Map<UUID, String> topicOf = new HashMap<>();

    @BeforeEach
    void seed() {
        TestDb.reset();
        Random random = new Random(7);
        for (String topic : List.of("billing", "login", "shipping")) {
            for (int i = 0; i < 20; i++) {
                String first = sentence(random, topic);
                String second = sentence(random, topic);
                UUID id = TestDb.conversation(topic + "-" + i, true, Instant.now().minus(Duration.ofHours(i + 1)), List.of(
                        Msg.user(first), Msg.assistant(REPLIES.get(random.nextInt(REPLIES.size()))),
                        Msg.user(second), Msg.assistant(REPLIES.get(random.nextInt(REPLIES.size())))));
                topicOf.put(id, topic);
                boolean failing = topic.equals("billing");
                TestDb.DB.exec("update conversations set health_score = ?, has_failures = ?, failure_count = ?, failure_types = ? where id = ?",
                        failing ? 30.0 : 90.0, failing, failing ? 1 : 0,
                        failing ? new String[] {"user_frustration"} : new String[0], id);
            }
        }
        // outside the 30-day window: never part of a run
        TestDb.conversation("ancient", true, Instant.now().minus(Duration.ofDays(45)),
                List.of(Msg.user("I was charged twice, refund please")));
    }

    private static String sentence(Random random, String topic) {
        List<String> words = VOCABULARY.get(topic);
        return FRAMES.get(random.nextInt(FRAMES.size())).formatted(words.get(random.nextInt(words.size())),
                words.get(random.nextInt(words.size())), words.get(random.nextInt(words.size())));
    }

    @AfterEach
    void stop() {
        consumers.stop("patterns");
    }

    private static UUID queueManualRun() {
        UUID id = UUID.randomUUID();
        TestDb.DB.exec("insert into pattern_runs (id, trigger, requested_by, status) values (?, 'manual', 'tester', 'queued')", id);
        return id;
    }

    private void request(UUID runId) throws Exception {
        redis.stream(String.class).xadd(PatternStreams.PATTERNS, Map.of(Streams.FIELD_PAYLOAD,
                mapper.writeValueAsString(new PatternRunRequest(runId, "tester", Instant.now()))));
    }

    private static void awaitFinished(UUID runId) {
        TestDb.await(WAIT, "pattern run " + runId + " finished", () -> List.of("succeeded", "failed")
                .contains(TestDb.DB.value("select status from pattern_runs where id = ?", runId)));
    }

    @Test
    void manualRun__findsTheThreeTopics_withStatsAndMembers() throws Exception {
        UUID runId = queueManualRun();
        consumers.start("patterns");

        request(runId);
        awaitFinished(runId);

        Map<String, Object> run = TestDb.DB.one("select status, progress, stage, conversation_count, cluster_count, silhouette, error, started_at, finished_at from pattern_runs where id = ?", runId);
        assertThat(run.get("error")).isNull();
        assertThat(run.get("status")).isEqualTo("succeeded");
        assertThat(run.get("progress")).isEqualTo(1.0);
        assertThat(run.get("stage")).isEqualTo("done");
        assertThat(run.get("conversation_count")).isEqualTo(60);
        assertThat((Integer) run.get("cluster_count")).isGreaterThanOrEqualTo(3);
        assertThat(run.get("silhouette")).isNotNull();
        assertThat(run.get("started_at")).isNotNull();
        assertThat(run.get("finished_at")).isNotNull();

        List<Map<String, Object>> found = TestDb.DB.rows("select id, label, keywords, size, avg_health, failure_share,"
                + " failure_breakdown::text as breakdown from usage_patterns where run_id = ?", runId);
        assertThat(found).hasSize((Integer) run.get("cluster_count"));
        assertThat(TestDb.DB.value("select count(*) from pattern_conversations pc join usage_patterns p on p.id = pc.pattern_id where p.run_id = ?", runId))
                .isEqualTo(60L);

        for (String topic : List.of("billing", "login", "shipping")) {
            // the pattern holding most of this topic's conversations
            Map<String, Object> best = null;
            long bestCount = -1;
            for (Map<String, Object> p : found) {
                long n = TestDb.DB.rows("select conversation_id from pattern_conversations where pattern_id = ?", p.get("id"))
                        .stream().filter(r -> topic.equals(topicOf.get((UUID) r.get("conversation_id")))).count();
                if (n > bestCount) {
                    bestCount = n;
                    best = p;
                }
            }
            assertThat(bestCount).as("conversations of topic %s in one pattern", topic).isGreaterThanOrEqualTo(16);
            String words = (best.get("label") + " " + best.get("keywords")).toLowerCase();
            assertThat(TOPIC_WORDS.get(topic)).as("label/keywords of the %s pattern: %s", topic, words)
                    .anyMatch(words::contains);
            if (topic.equals("billing")) {
                assertThat((Double) best.get("failure_share")).isGreaterThan(0.75);
                assertThat((String) best.get("breakdown")).contains("user_frustration");
                assertThat((Double) best.get("avg_health")).isLessThan(50.0);
            } else {
                assertThat((Double) best.get("avg_health")).isGreaterThan(70.0);
            }
        }
    }

    @Test
    void secondRun__reportsGrowthAgainstThePreviousRun() {
        UUID first = queueManualRun();
        assertThat(patterns.run(first).await().atMost(WAIT)).isEqualTo(PatternAnalysisService.Outcome.SUCCEEDED);
        UUID second = queueManualRun();

        assertThat(patterns.run(second).await().atMost(WAIT)).isEqualTo(PatternAnalysisService.Outcome.SUCCEEDED);

        List<Map<String, Object>> now = TestDb.DB.rows("select size, previous_size, growth from usage_patterns where run_id = ?", second);
        assertThat(now).isNotEmpty().allSatisfy(p -> {
            assertThat(p.get("previous_size")).isEqualTo(p.get("size"));
            assertThat(p.get("growth")).isEqualTo(0.0);
        });
    }

    @Test
    void oneRunAtATime__aSecondActiveRunIsRefused_andConcurrentExecutionRunsOnce() throws Exception {
        UUID runId = queueManualRun();

        assertThatThrownBy(PatternRunTest::queueManualRun).hasMessageContaining("pattern_runs_single_active_idx");
        assertThat(scheduler.queueScheduledRun().await().atMost(WAIT)).isNull();

        CompletableFuture<PatternAnalysisService.Outcome> a = patterns.run(runId).subscribeAsCompletionStage();
        CompletableFuture<PatternAnalysisService.Outcome> b = patterns.run(runId).subscribeAsCompletionStage();
        List<Object> outcomes = new ArrayList<>();
        for (CompletableFuture<PatternAnalysisService.Outcome> f : List.of(a, b)) {
            try {
                outcomes.add(f.get());
            } catch (ExecutionException e) {
                outcomes.add(e.getCause().getClass().getSimpleName());
            }
        }

        assertThat(outcomes).containsOnlyOnce(PatternAnalysisService.Outcome.SUCCEEDED);
        assertThat(outcomes).containsAnyOf(PatternAnalysisService.Outcome.RUNNING_ELSEWHERE,
                PatternAnalysisService.Outcome.ALREADY_FINISHED, "PatternRunBusyException");
        int clusters = (Integer) TestDb.DB.value("select cluster_count from pattern_runs where id = ?", runId);
        assertThat(TestDb.DB.value("select count(*) from usage_patterns where run_id = ?", runId)).isEqualTo((long) clusters);
        // finished: the run is not executed again, and a new one may be queued
        assertThat(patterns.run(runId).await().atMost(WAIT)).isEqualTo(PatternAnalysisService.Outcome.ALREADY_FINISHED);
        UUID scheduled = scheduler.queueScheduledRun().await().atMost(WAIT);
        assertThat(scheduled).isNotNull();
        assertThat(TestDb.DB.value("select trigger from pattern_runs where id = ?", scheduled)).isEqualTo("scheduled");
    }

    @Test
    void scheduledRun__isQueuedAndExecutedThroughTheStream() {
        consumers.start("patterns");

        UUID runId = scheduler.queueScheduledRun().await().atMost(WAIT);

        assertThat(runId).isNotNull();
        awaitFinished(runId);
        assertThat(TestDb.DB.value("select status from pattern_runs where id = ?", runId)).isEqualTo("succeeded");
    }

    @Test
    void reaper__failsRunsLeftBehind() {
        UUID orphan = UUID.randomUUID();
        TestDb.DB.exec("insert into pattern_runs (id, trigger, status, started_at, stage) values (?, 'manual', 'running', now(), 'clustering')", orphan);

        assertThat(scheduler.reapOnce().await().atMost(WAIT)).isEqualTo(1);

        Map<String, Object> run = TestDb.DB.one("select status, error, finished_at from pattern_runs where id = ?", orphan);
        assertThat(run.get("status")).isEqualTo("failed");
        assertThat((String) run.get("error")).contains("interrupted");
        assertThat(run.get("finished_at")).isNotNull();

        UUID lost = UUID.randomUUID();
        TestDb.DB.exec("insert into pattern_runs (id, trigger, status, created_at) values (?, 'manual', 'queued', now() - interval '1 hour')", lost);
        assertThat(scheduler.reapOnce().await().atMost(WAIT)).isEqualTo(1);
        assertThat(TestDb.DB.value("select status from pattern_runs where id = ?", lost)).isEqualTo("failed");
    }

    @Test
    void unknownRun__isNotFound() {
        assertThat(patterns.run(UUID.randomUUID()).await().atMost(WAIT)).isEqualTo(PatternAnalysisService.Outcome.NOT_FOUND);
    }

    @Test
    void runForOneEnvironment__clustersOnlyThatEnvironmentsConversations_andTitlesReadAsWords() {
        TestDb.DB.exec("update conversations set environment = 'staging' where external_id like 'login-%'");
        UUID runId = UUID.randomUUID();
        TestDb.DB.exec("insert into pattern_runs (id, trigger, requested_by, status, environment)"
                + " values (?, 'manual', 'tester', 'queued', 'staging')", runId);

        assertThat(patterns.run(runId).await().atMost(WAIT)).isEqualTo(PatternAnalysisService.Outcome.SUCCEEDED);

        assertThat(TestDb.DB.value("select conversation_count from pattern_runs where id = ?", runId)).isEqualTo(20);
        assertThat(TestDb.DB.value("""
                select count(*) from pattern_conversations pc join usage_patterns p on p.id = pc.pattern_id
                join conversations c on c.id = pc.conversation_id
                where p.run_id = ? and c.environment <> 'staging'""", runId)).isEqualTo(0L);
        List<Map<String, Object>> titles = TestDb.DB.rows("select label from usage_patterns where run_id = ?", runId);
        assertThat(titles).isNotEmpty().allSatisfy(t -> {
            String label = (String) t.get("label");
            assertThat(label).doesNotContain(" / ").matches("^[\\p{Lu}\u201C].*");
        });
    }
}
