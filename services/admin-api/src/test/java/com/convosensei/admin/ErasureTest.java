package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.contracts.stream.Streams;
import com.convosensei.db.privacy.ConversationPurge;
import com.convosensei.db.privacy.ErasureHashes;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Erasure of a person and of a conversation against the real schema and Redis: afterwards no row about them is left
 * in any table that references conversations (enumerated from the catalog, so a new table is caught), someone else's
 * data is untouched, DLQ entries naming them are gone, ingest tombstones exist, and the audit event holds counts and
 * a keyed hash, never the user id.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class ErasureTest {

    /** Rows {@link #seed} writes about one conversation: itself, two messages, one row in each other table. */
    static final long SEEDED_ROWS = 2 + ConversationPurge.CHILD_TABLES.size();

    @Inject
    RedisDataSource redis;

    private final ErasureHashes hashes = new ErasureHashes(
            ConfigProvider.getConfig().getValue("sensei.privacy.hash-secret", String.class));

    @BeforeEach
    void clean() {
        TestDb.DB.exec("delete from conversations");
        TestDb.DB.exec("delete from pattern_runs");
        TestDb.DB.exec("delete from alerts");
        TestDb.DB.exec("delete from audit_events");
        TestDb.DB.exec("delete from erasure_tombstones");
        redis.key().del(Streams.DLQ);
    }

    /** Tables with a foreign key to conversations, read from the catalog. */
    static List<String> referencingTables() {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : TestDb.DB.rows("""
                select distinct cl.relname::text as t from pg_constraint c join pg_class cl on cl.oid = c.conrelid
                where c.contype = 'f' and c.confrelid = 'conversations'::regclass order by 1""")) {
            out.add((String) r.get("t"));
        }
        return out;
    }

    /** A conversation with a row in every table that references conversations. */
    static UUID seed(String environment, String externalId, String userId) {
        UUID id = UUID.randomUUID();
        UUID failure = UUID.randomUUID();
        TestDb.DB.exec("insert into conversations (id, external_id, environment, user_id, health_score, health_alert_pending)"
                + " values (?, ?, ?, ?, 20, true)", id, externalId, environment, userId);
        TestDb.DB.exec("insert into messages (conversation_id, dedup_key, role, content, sent_at) values"
                + " (?, 'k1', 'user', 'I am ' || ?, now()), (?, 'k2', 'assistant', 'hello', now())", id, userId, id);
        TestDb.DB.exec("insert into failures (id, conversation_id, type, severity, confidence, fingerprint, explanation, alert_pending)"
                + " values (?, ?, 'loop', 'high', 0.9, 'fp', 'x', true)", failure, id);
        TestDb.DB.exec("insert into conversation_judgments (conversation_id, model, summary) values (?, 'm', 'judged')", id);
        TestDb.DB.exec("insert into alerts (dedupe_key, kind, conversation_id, failure_id) values (?, 'failure', ?, ?)",
                "a-" + id, id, failure);
        TestDb.DB.exec("insert into conversation_embeddings (conversation_id, model, dimensions, embedding, content_hash)"
                + " values (?, 'm', 2, '{0.1,0.2}', 'h')", id);
        UUID run = UUID.randomUUID();
        UUID pattern = UUID.randomUUID();
        TestDb.DB.exec("insert into pattern_runs (id, trigger, status) values (?, 'manual', 'succeeded')", run);
        TestDb.DB.exec("insert into usage_patterns (id, run_id, label, size) values (?, ?, 'greetings', 1)", pattern, run);
        TestDb.DB.exec("insert into pattern_conversations (pattern_id, conversation_id) values (?, ?)", pattern, id);
        return id;
    }

    static long rowsAbout(UUID id) {
        long total = TestDb.DB.count("select count(*) from conversations where id = ?", id);
        for (String table : referencingTables()) {
            total += TestDb.DB.count("select count(*) from " + table + " where conversation_id = ?", id);
        }
        return total;
    }

    private String dlq(String payload) {
        return redis.stream(String.class).xadd(Streams.DLQ, Map.of(Streams.FIELD_ORIGIN_STREAM, Streams.INGEST,
                Streams.FIELD_ORIGIN_ID, "1-0", Streams.FIELD_ERROR, "x", Streams.FIELD_PAYLOAD, payload));
    }

    private List<String> dlqIds() {
        List<String> ids = new ArrayList<>();
        redis.stream(String.class).xrange(Streams.DLQ, StreamRange.of("-", "+")).forEach(m -> ids.add(m.id()));
        return ids;
    }

    private static String ingestPayload(String externalId, String environment, String userId) {
        return "{\"conversation\":{\"conversation_id\":\"" + externalId + "\",\"environment\":\"" + environment
                + "\"" + (userId == null ? "" : ",\"user_id\":\"" + userId + "\"")
                + ",\"messages\":[]},\"received_at\":\"2025-01-01T00:00:00Z\"}";
    }

    private static ValidatableResponse delete(String path, String bearer) {
        return given().header("Authorization", bearer).delete(path).then();
    }

    @Test
    void everyTableReferencingConversations_isCountedAndCascades() {
        assertThat(referencingTables()).containsExactlyInAnyOrderElementsOf(ConversationPurge.CHILD_TABLES);
        assertThat(TestDb.DB.rows("select 1 from pg_constraint where contype = 'f'"
                + " and confrelid = 'conversations'::regclass and confdeltype <> 'c'")).isEmpty();
    }

    @Test
    void eraseUser__leavesNothingAboutThem_inAnyEnvironment_andSomeoneElseIsUntouched() {
        String alice = "alice@example.com";
        UUID a1 = seed("production", "conv-a1", alice);
        UUID a2 = seed("staging", "conv-a2", alice);
        UUID b1 = seed("production", "conv-b1", "bob");
        assertThat(rowsAbout(a1)).isEqualTo(SEEDED_ROWS);
        String dlqAliceByUser = dlq(ingestPayload("conv-new", "production", alice));
        String dlqAliceByConversation = dlq(ingestPayload("conv-a2", "staging", null));
        String dlqAliceProcess = dlq("{\"conversation_id\":\"" + a1 + "\",\"reason\":\"ingest\"}");
        String dlqBob = dlq(ingestPayload("conv-b1", "production", "bob"));
        String dlqSameExternalIdOtherEnv = dlq(ingestPayload("conv-a2", "production", null));
        redis.value(String.class).set("sensei:process:pending:" + a1, "1");

        delete("/api/v1/users/alice@example.com", Tokens.bearer()).statusCode(200)
                .body("target_kind", equalTo("user"))
                .body("audit_ref", equalTo(hashes.user(alice)))
                .body("counts.conversations", equalTo(2))
                .body("counts.messages", equalTo(4))
                .body("counts.failures", equalTo(2))
                .body("counts.conversation_judgments", equalTo(2))
                .body("counts.alerts", equalTo(2))
                .body("counts.pattern_conversations", equalTo(2))
                .body("counts.conversation_embeddings", equalTo(2))
                .body("dlq_entries_deleted", equalTo(3));

        assertThat(rowsAbout(a1)).isZero();
        assertThat(rowsAbout(a2)).isZero();
        assertThat(rowsAbout(b1)).isEqualTo(SEEDED_ROWS);
        assertThat(TestDb.DB.count("select count(*) from conversations where user_id = ?", alice)).isZero();
        assertThat(TestDb.DB.count("select count(*) from messages where content like '%alice%'")).isZero();
        assertThat(dlqIds()).containsExactlyInAnyOrder(dlqBob, dlqSameExternalIdOtherEnv)
                .doesNotContain(dlqAliceByUser, dlqAliceByConversation, dlqAliceProcess);
        assertThat(redis.key().exists("sensei:process:pending:" + a1)).isFalse();

        // tombstones for the processor's ingest: the user and each conversation, as keyed hashes only
        assertThat(TestDb.DB.rows("select kind, ref_hash from erasure_tombstones order by kind, ref_hash"))
                .extracting(r -> r.get("kind") + ":" + r.get("ref_hash"))
                .containsExactlyInAnyOrder("user:" + hashes.user(alice),
                        "conversation:" + hashes.conversation("production", "conv-a1"),
                        "conversation:" + hashes.conversation("staging", "conv-a2"));

        // one audit event, no personal data in it
        List<Map<String, Object>> audit = TestDb.DB.rows("select actor, action, target_kind, target_ref, details::text as details"
                + " from audit_events");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0)).containsEntry("actor", Tokens.TEST_SUBJECT).containsEntry("action", "user.erase")
                .containsEntry("target_kind", "user").containsEntry("target_ref", hashes.user(alice));
        assertThat((String) audit.get(0).get("details")).contains("\"conversations\": 2").doesNotContain("alice");
        assertThat(TestDb.DB.count("select count(*) from audit_events where target_ref like '%alice%'")).isZero();
    }

    @Test
    void eraseUser__alsoDeletesTheFeedbackTheyGaveOnOtherConversations_andNotAnonymousFeedback() {
        UUID bobs = seed("production", "conv-f1", "bob");
        TestDb.DB.exec("delete from feedback");
        // carol rates bob's conversation and one that never arrived; an anonymous rating ('' user) stays
        TestDb.DB.exec("""
                insert into feedback (environment, conversation_external_id, user_id, kind, value, comment, given_at)
                values ('production', 'conv-f1', 'carol', 'thumbs', -1, 'carol''s words', now()),
                       ('production', 'never-arrived', 'carol', 'rating', 2, null, now()),
                       ('production', 'conv-f1', '', 'rating', 5, null, now())""");

        delete("/api/v1/users/carol", Tokens.bearer()).statusCode(200)
                .body("counts.conversations", equalTo(0))
                .body("counts.feedback", equalTo(2));

        assertThat(TestDb.DB.count("select count(*) from feedback where user_id = 'carol'")).isZero();
        assertThat(TestDb.DB.count("select count(*) from feedback where user_id = ''")).isEqualTo(1);
        assertThat(rowsAbout(bobs)).isEqualTo(SEEDED_ROWS);
    }

    @Test
    void eraseUser__again_orUnknown__answers200WithZeroCounts() {
        seed("production", "conv-c1", "carol");
        delete("/api/v1/users/carol", Tokens.bearer()).statusCode(200).body("counts.conversations", equalTo(1));
        delete("/api/v1/users/carol", Tokens.bearer()).statusCode(200)
                .body("counts.conversations", equalTo(0)).body("counts.messages", equalTo(0));
        delete("/api/v1/users/nobody-ever", Tokens.bearer()).statusCode(200).body("counts.conversations", equalTo(0));
        assertThat(TestDb.DB.count("select count(*) from audit_events where action = 'user.erase'")).isEqualTo(3);
    }

    @Test
    void eraseUser__withManyConversations__deletesThemAllAcrossBatches() {
        // erasure batch size is 200 by default: 205 conversations take two transactions
        TestDb.DB.exec("insert into conversations (external_id, user_id) select 'many-' || g, 'dave' from generate_series(1, 205) g");
        TestDb.DB.exec("insert into messages (conversation_id, dedup_key, role, content, sent_at)"
                + " select id, 'k', 'user', 'x', now() from conversations where user_id = 'dave'");
        delete("/api/v1/users/dave", Tokens.bearer()).statusCode(200)
                .body("counts.conversations", equalTo(205)).body("counts.messages", equalTo(205));
        assertThat(TestDb.DB.count("select count(*) from conversations where user_id = 'dave'")).isZero();
    }

    @Test
    void eraseUser__badIds__are400() {
        delete("/api/v1/users/" + "u".repeat(257), Tokens.bearer()).statusCode(400)
                .body("details[0].field", equalTo("user_id"));
    }

    @Test
    void eraseConversation__leavesNothingAboutIt_andTheOtherConversationsOfTheUserStay() {
        UUID target = seed("production", "conv-e1", "erin");
        UUID sibling = seed("production", "conv-e2", "erin");
        String dlqTarget = dlq(ingestPayload("conv-e1", "production", "erin"));
        String dlqSibling = dlq(ingestPayload("conv-e2", "production", "erin"));
        // feedback is keyed by (environment, external id), not by a foreign key: the purge deletes it explicitly
        TestDb.DB.exec("delete from feedback where conversation_external_id in ('conv-e1', 'conv-e2')");
        TestDb.DB.exec("""
                insert into feedback (environment, conversation_external_id, user_id, kind, value, comment, given_at)
                values ('production', 'conv-e1', 'erin', 'thumbs', -1, 'erin''s complaint', now()),
                       ('production', 'conv-e2', 'erin', 'rating', 4, null, now())""");

        delete("/api/v1/conversations/" + target, Tokens.bearer()).statusCode(200)
                .body("target_kind", equalTo("conversation"))
                .body("audit_ref", equalTo(target.toString()))
                .body("counts.conversations", equalTo(1))
                .body("counts.messages", equalTo(2))
                .body("counts.feedback", equalTo(1))
                .body("dlq_entries_deleted", equalTo(1));
        assertThat(TestDb.DB.count("select count(*) from feedback where conversation_external_id = 'conv-e1'")).isZero();
        assertThat(TestDb.DB.count("select count(*) from feedback where conversation_external_id = 'conv-e2'")).isEqualTo(1);

        assertThat(rowsAbout(target)).isZero();
        assertThat(rowsAbout(sibling)).isEqualTo(SEEDED_ROWS);
        assertThat(dlqIds()).containsExactly(dlqSibling).doesNotContain(dlqTarget);
        assertThat(TestDb.DB.count("select count(*) from erasure_tombstones where kind = 'conversation' and ref_hash = ?",
                hashes.conversation("production", "conv-e1"))).isEqualTo(1);
        Map<String, Object> audit = TestDb.DB.one("select action, target_kind, target_ref from audit_events");
        assertThat(audit).containsEntry("action", "conversation.erase").containsEntry("target_kind", "conversation")
                .containsEntry("target_ref", target.toString());

        // again, or an id nobody has: 200 with zero counts
        delete("/api/v1/conversations/" + target, Tokens.bearer()).statusCode(200).body("counts.conversations", equalTo(0));
        delete("/api/v1/conversations/" + UUID.randomUUID(), Tokens.bearer()).statusCode(200)
                .body("counts.conversations", equalTo(0));
        delete("/api/v1/conversations/not-a-uuid", Tokens.bearer()).statusCode(400)
                .body("details[0].field", equalTo("id"));
    }

    @Test
    void erasure__isForAdminsOnly() {
        UUID id = seed("production", "conv-f1", "frank");
        for (String path : List.of("/api/v1/users/frank", "/api/v1/conversations/" + id)) {
            given().delete(path).then().statusCode(401);
            delete(path, TestTokens.viewerBearer()).statusCode(403);
            delete(path, TestTokens.noRoleBearer()).statusCode(403);
        }
        assertThat(rowsAbout(id)).isEqualTo(SEEDED_ROWS);
        assertThat(TestDb.DB.count("select count(*) from audit_events")).isZero();
        assertThat(TestDb.DB.count("select count(*) from erasure_tombstones")).isZero();
    }
}
