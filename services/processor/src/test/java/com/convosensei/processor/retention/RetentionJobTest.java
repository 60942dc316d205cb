package com.convosensei.processor.retention;

import static com.convosensei.processor.stream.ProcessorTestSupport.count;
import static com.convosensei.processor.stream.ProcessorTestSupport.rows;
import static com.convosensei.processor.stream.ProcessorTestSupport.sql;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.db.privacy.ConversationPurge;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.processor.stream.ProcessorTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daily retention job against the real schema: old conversations of an environment with a period go with every
 * row about them (every table referencing conversations, enumerated from the catalog), recent ones and environments
 * without a period stay, batches hold at most {@code sensei.retention.batch-size} (2 in tests) conversations, and a
 * second run deletes nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = ProcessorTestSupport.DB))
class RetentionJobTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Rows {@link #seed} writes about one conversation: itself, two messages, one row in each other table. */
    static final long SEEDED_ROWS = 2 + ConversationPurge.CHILD_TABLES.size();

    @Inject
    RetentionJob job;

    private String envA;
    private String envB;

    @BeforeEach
    void setUp() {
        // only these tests write retention_settings; conversations are shared, so environments are unique per test
        sql("delete from retention_settings");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        envA = "ret-a-" + suffix;
        envB = "ret-b-" + suffix;
    }

    /** Tables with a foreign key to conversations, from the catalog: a new one shows up here without anyone listing it. */
    static List<String> referencingTables() {
        List<String> out = new ArrayList<>();
        for (List<String> r : rows("""
                select distinct cl.relname from pg_constraint c join pg_class cl on cl.oid = c.conrelid
                where c.contype = 'f' and c.confrelid = 'conversations'::regclass order by 1""")) {
            out.add(r.get(0));
        }
        return out;
    }

    /** A conversation with a row in every table that references conversations; returns its id. */
    static UUID seed(String environment, String userId, String lastActivity) {
        UUID id = UUID.randomUUID();
        sql("insert into conversations (id, external_id, environment, user_id, last_activity_at, message_count)"
                + " values ('" + id + "', 'ext-" + id + "', '" + environment + "', " + (userId == null ? "null" : "'" + userId + "'")
                + ", " + lastActivity + ", 2)");
        sql("insert into messages (conversation_id, dedup_key, role, content, sent_at) values"
                + " ('" + id + "', 'k1', 'user', 'my card number is 4111', now()), ('" + id + "', 'k2', 'assistant', 'ok', now())");
        sql("insert into failures (id, conversation_id, type, severity, confidence, fingerprint, explanation, alert_pending)"
                + " values ('" + UUID.nameUUIDFromBytes(("f" + id).getBytes()) + "', '" + id + "', 'loop', 'high', 0.9, 'fp', 'x', true)");
        sql("insert into conversation_judgments (conversation_id, model, summary) values ('" + id + "', 'm', 'about a card')");
        sql("insert into alerts (dedupe_key, kind, conversation_id, failure_id) values ('a-" + id + "', 'failure', '" + id
                + "', '" + UUID.nameUUIDFromBytes(("f" + id).getBytes()) + "')");
        sql("insert into conversation_embeddings (conversation_id, model, dimensions, embedding, content_hash)"
                + " values ('" + id + "', 'm', 2, '{0.1,0.2}', 'h')");
        UUID run = UUID.randomUUID();
        UUID pattern = UUID.randomUUID();
        sql("insert into pattern_runs (id, trigger, status) values ('" + run + "', 'manual', 'succeeded')");
        sql("insert into usage_patterns (id, run_id, label, size) values ('" + pattern + "', '" + run + "', 'cards', 1)");
        sql("insert into pattern_conversations (pattern_id, conversation_id) values ('" + pattern + "', '" + id + "')");
        return id;
    }

    /** Rows about the conversation in each referencing table (and the conversation row itself). */
    static long rowsAbout(UUID id) {
        long total = count("select count(*) from conversations where id = '" + id + "'");
        for (String table : referencingTables()) {
            total += count("select count(*) from " + table + " where conversation_id = '" + id + "'");
        }
        return total;
    }

    @Test
    void everyTableReferencingConversations_isOneThePurgeCounts() {
        // a new table with conversation rows must be counted (and its FK must cascade, or the purge would fail)
        assertThat(referencingTables()).containsExactlyInAnyOrderElementsOf(ConversationPurge.CHILD_TABLES);
        assertThat(rows("""
                select cl.relname, c.confdeltype from pg_constraint c join pg_class cl on cl.oid = c.conrelid
                where c.contype = 'f' and c.confrelid = 'conversations'::regclass and c.confdeltype <> 'c'""")).isEmpty();
    }

    private static void feedback(String environment, String externalId, String messageId) {
        sql("insert into feedback (environment, conversation_external_id, message_external_id, kind, value, comment,"
                + " given_at) values ('" + environment + "', '" + externalId + "', '" + messageId + "', 'thumbs', -1,"
                + " 'my card 4111', now())");
    }

    private static long feedbackOf(String environment, String externalId) {
        return count("select count(*) from feedback where environment = '" + environment
                + "' and conversation_external_id = '" + externalId + "'");
    }

    @Test
    void run__deletesTheFeedbackOfDeletedConversations_byEnvironmentAndExternalId() {
        UUID old = seed(envA, "u-f", "now() - interval '40 days'");
        UUID recent = seed(envA, "u-g", "now() - interval '1 day'");
        feedback(envA, "ext-" + old, "");
        feedback(envA, "ext-" + old, "m1");
        feedback(envA, "ext-" + recent, "");
        // same external id in another environment: another conversation's feedback
        feedback(envB, "ext-" + old, "");
        sql("insert into retention_settings (environment, days) values ('" + envA + "', 30)");

        RetentionJob.EnvironmentRun run = job.runOnce().await().atMost(WAIT).get(0);

        assertThat(run.counts()).containsEntry("conversations", 1L).containsEntry(ConversationPurge.FEEDBACK, 2L);
        assertThat(feedbackOf(envA, "ext-" + old)).isZero();
        assertThat(feedbackOf(envA, "ext-" + recent)).isEqualTo(1);
        assertThat(feedbackOf(envB, "ext-" + old)).isEqualTo(1);
    }

    @Test
    void run__deletesOldFeedbackWhoseConversationNeverArrived_keepsRecentOnes() {
        sql("insert into feedback (environment, conversation_external_id, kind, value, given_at) values"
                + " ('" + envA + "', 'never-old', 'thumbs', -1, now() - interval '40 days'),"
                + " ('" + envA + "', 'never-new', 'thumbs', -1, now() - interval '1 day'),"
                + " ('" + envB + "', 'never-old', 'thumbs', -1, now() - interval '40 days')");
        sql("insert into retention_settings (environment, days) values ('" + envA + "', 30)");

        RetentionJob.EnvironmentRun run = job.runOnce().await().atMost(WAIT).get(0);

        assertThat(run.counts()).containsEntry(ConversationPurge.FEEDBACK, 1L);
        assertThat(feedbackOf(envA, "never-old")).isZero();
        assertThat(feedbackOf(envA, "never-new")).isEqualTo(1);
        assertThat(feedbackOf(envB, "never-old")).isEqualTo(1);
    }

    @Test
    void run__deletesOldConversationsOfTheEnvironment_inBatches_keepsRecentAndOtherEnvironments() {
        List<UUID> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            old.add(seed(envA, "u-" + i, "now() - interval '40 days'"));
        }
        UUID recent = seed(envA, "u-r", "now() - interval '10 days'");
        UUID otherEnvOld = seed(envB, "u-b", "now() - interval '400 days'");
        for (UUID id : old) {
            assertThat(rowsAbout(id)).isEqualTo(SEEDED_ROWS);
        }
        sql("insert into retention_settings (environment, days) values ('" + envA + "', 30)");

        List<RetentionJob.EnvironmentRun> runs = job.runOnce().await().atMost(WAIT);

        assertThat(runs).hasSize(1);
        RetentionJob.EnvironmentRun run = runs.get(0);
        assertThat(run.environment()).isEqualTo(envA);
        assertThat(run.days()).isEqualTo(30);
        // 5 conversations, at most 2 per transaction
        assertThat(run.batches()).isEqualTo(3);
        assertThat(run.counts()).containsEntry("conversations", 5L).containsEntry("messages", 10L)
                .containsEntry("failures", 5L).containsEntry("conversation_judgments", 5L).containsEntry("alerts", 5L)
                .containsEntry("pattern_conversations", 5L).containsEntry("conversation_embeddings", 5L);
        for (UUID id : old) {
            assertThat(rowsAbout(id)).as("rows left about %s", id).isZero();
        }
        assertThat(rowsAbout(recent)).isEqualTo(SEEDED_ROWS);
        assertThat(rowsAbout(otherEnvOld)).isEqualTo(SEEDED_ROWS);

        // recorded without personal data: environment, period, cutoff, counts
        List<List<String>> audit = rows("select actor, target_kind, details ->> 'environment', details ->> 'days',"
                + " details -> 'counts' ->> 'conversations', details ->> 'cutoff', details::text from audit_events"
                + " where action = 'retention.run' and target_ref = '" + envA + "' order by id");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).subList(0, 5)).containsExactly("system:retention", "environment", envA, "30", "5");
        assertThat(audit.get(0).get(5)).isNotBlank();
        assertThat(audit.get(0).get(6)).doesNotContain("u-0").doesNotContain("card");

        // a second run finds nothing more to delete
        List<RetentionJob.EnvironmentRun> again = job.runOnce().await().atMost(WAIT);
        assertThat(again.get(0).counts()).containsEntry("conversations", 0L).containsEntry("messages", 0L);
        assertThat(again.get(0).batches()).isZero();
        assertThat(rowsAbout(recent)).isEqualTo(SEEDED_ROWS);
    }

    @Test
    void run__lastActivityDecides_andAConversationLockedByIngestIsLeftForTheNextRun() throws Exception {
        UUID stale = seed(envA, null, "now() - interval '31 days'");
        UUID busy = seed(envA, null, "now() - interval '31 days'");
        UUID edge = seed(envA, null, "now() - interval '29 days'");
        sql("insert into retention_settings (environment, days) values ('" + envA + "', 30)");
        try (Connection c = PostgresTestResource.connect(ProcessorTestSupport.DB)) {
            c.setAutoCommit(false);
            // what an ingest write holds while it updates the conversation
            c.createStatement().execute("select 1 from conversations where id = '" + busy + "' for update");

            List<RetentionJob.EnvironmentRun> runs = job.runOnce().await().atMost(WAIT);

            assertThat(runs.get(0).counts()).containsEntry("conversations", 1L);
            assertThat(rowsAbout(stale)).isZero();
            assertThat(rowsAbout(busy)).isPositive();
            c.rollback();
        }
        assertThat(rowsAbout(edge)).isPositive();
        job.runOnce().await().atMost(WAIT);
        assertThat(rowsAbout(busy)).isZero();
        assertThat(rowsAbout(edge)).isPositive();
    }

    @Test
    void run__whileAnotherReplicaHoldsTheLock__skipsAndDeletesNothing() throws Exception {
        UUID stale = seed(envA, null, "now() - interval '90 days'");
        sql("insert into retention_settings (environment, days) values ('" + envA + "', 30)");
        try (Connection c = PostgresTestResource.connect(ProcessorTestSupport.DB)) {
            c.createStatement().execute("select pg_advisory_lock(" + RetentionRepository.RUN_LOCK + ")");

            assertThat(job.runOnce().await().atMost(WAIT)).isNull();
            assertThat(rowsAbout(stale)).isPositive();

            c.createStatement().execute("select pg_advisory_unlock(" + RetentionRepository.RUN_LOCK + ")");
        }
        assertThat(job.runOnce().await().atMost(WAIT)).hasSize(1);
        assertThat(rowsAbout(stale)).isZero();
    }

    @Test
    void run__withoutAnyPeriod__deletesNothing() {
        UUID ancient = seed(envB, null, "now() - interval '3000 days'");
        assertThat(job.runOnce().await().atMost(WAIT)).isEmpty();
        assertThat(rowsAbout(ancient)).isEqualTo(SEEDED_ROWS);
    }
}
