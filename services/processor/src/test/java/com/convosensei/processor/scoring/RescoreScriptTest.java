package com.convosensei.processor.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.processor.stream.StreamConsumers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/rescore.sh} as an operator runs it, against this test instance: its readiness tells the version, its
 * process consumer does the scoring, the test database and Redis db hold the data.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class RescoreScriptTest {

    private static final Path SCRIPT = Path.of("../../scripts/rescore.sh");
    private static final String ROW = """
            select health_score, health_breakdown::text as breakdown, health_version, scored_at
            from conversations where id = ?""";

    @TestHTTPResource("/")
    URL processor;
    @Inject
    ScoringService scoring;
    @Inject
    StreamConsumers consumers;

    record Run(int exit, String out) {
    }

    @BeforeEach
    void clean() {
        TestDb.reset();
    }

    @AfterEach
    void stopConsumers() {
        consumers.stop("process");
    }

    @Test
    void rescore__scoresWhatIsNotOnTheCurrentVersion_inBatches_andLeavesEverythingElseAsStored() throws Exception {
        UUID oldFrustrated = storedByV1("conv-old-frustrated", ScoringTest.FRUSTRATED);
        UUID oldPleasant = storedByV1("conv-old-pleasant", ScoringTest.PLEASANT);
        UUID otherEnvironment = storedByV1("conv-old-staging", ScoringTest.PLEASANT);
        TestDb.DB.exec("update conversations set environment = 'staging' where id = ?", otherEnvironment);
        UUID current = TestDb.conversation("conv-current", true, Instant.now(), ScoringTest.PLEASANT);
        scoring.score(current).await().atMost(Duration.ofSeconds(15));
        Map<String, Object> currentBefore = TestDb.DB.one(ROW, current);
        Map<String, Object> otherBefore = TestDb.DB.one(ROW, otherEnvironment);
        consumers.start("process");

        Run run = rescore("--environment", "test", "--batch", "1");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("2 conversations not on health-v2 in test (processor writes health-v2)",
                "queued 1/2", "queued 2/2", "done: 2 re-scored, 0 still not on health-v2");
        for (UUID id : List.of(oldFrustrated, oldPleasant)) {
            Map<String, Object> row = TestDb.DB.one(ROW, id);
            assertThat(row.get("health_version")).isEqualTo("health-v2");
            assertThat((String) row.get("breakdown")).contains("\"version\": \"health-v2\"");
        }
        assertThat(TestDb.DB.one(ROW, current)).as("already on health-v2: not re-scored").isEqualTo(currentBefore);
        assertThat(TestDb.DB.one(ROW, otherEnvironment)).as("outside the filter: the v1 score stays as stored")
                .isEqualTo(otherBefore).containsEntry("health_version", "health-v1");
    }

    @Test
    void rescore__dryRunOnlyCounts() throws Exception {
        UUID old = storedByV1("conv-old", ScoringTest.PLEASANT);
        Map<String, Object> before = TestDb.DB.one(ROW, old);

        Run run = rescore("--dry-run", "--since", "2000-01-01");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("1 conversations not on health-v2 since 2000-01-01").doesNotContain("queued");
        assertThat(TestDb.DB.one(ROW, old)).isEqualTo(before);
    }

    @Test
    void rescore__refusesWithoutAReadyProcessor() throws Exception {
        Run run = rescore(Map.of("SENSEI_PROCESSOR_URL", "http://127.0.0.1:9"), "--all");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("is not ready");
    }

    /** A conversation as health-v1 left it a month ago. */
    private static UUID storedByV1(String externalId, List<TestDb.Msg> messages) {
        UUID id = TestDb.conversation(externalId, true, Instant.now().minus(Duration.ofDays(30)), messages);
        TestDb.DB.exec("""
                update conversations set health_score = 72, health_version = 'health-v1',
                    health_breakdown = '{"score": 72, "version": "health-v1", "components": [], "summary": "ok"}',
                    scored_at = now() - interval '30 days'
                where id = ?""", id);
        return id;
    }

    private Run rescore(String... args) throws IOException, InterruptedException {
        return rescore(Map.of(), args);
    }

    private Run rescore(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DATABASE_URL", "postgresql://" + PostgresTestResource.user() + ":"
                + PostgresTestResource.password() + "@" + PostgresTestResource.host() + ":" + PostgresTestResource.port()
                + "/" + TestDb.NAME);
        pb.environment().put("REDIS_URL", "redis://127.0.0.1:6379/4"); // %test.quarkus.redis.hosts
        pb.environment().put("SENSEI_PROCESSOR_URL", processor.toString().replaceAll("/$", ""));
        pb.environment().put("SENSEI_RESCORE_STALL_SECONDS", "20");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("rescore.sh did not finish in 60 s");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
