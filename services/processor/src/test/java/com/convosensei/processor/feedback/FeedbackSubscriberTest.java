package com.convosensei.processor.feedback;

import static com.convosensei.processor.stream.ProcessorTestSupport.drained;
import static com.convosensei.processor.stream.ProcessorTestSupport.entries;
import static com.convosensei.processor.stream.ProcessorTestSupport.rows;
import static com.convosensei.processor.stream.ProcessorTestSupport.sql;
import static com.convosensei.processor.stream.ProcessorTestSupport.uniqueId;
import static com.convosensei.processor.stream.ProcessorTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.stream.Streams;
import com.convosensei.db.privacy.ErasureHashes;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.processor.scoring.ScoringService;
import com.convosensei.processor.scoring.TestDb;
import com.convosensei.processor.stream.ProcessorTestSupport;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The feedback consumer against real Redis and Postgres: the feedback table, erasure, re-scoring, redelivery. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = ProcessorTestSupport.DB))
class FeedbackSubscriberTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    RedisDataSource redis;
    @Inject
    StreamConsumers consumers;
    @Inject
    ScoringService scoring;
    @Inject
    ObjectMapper mapper;

    private final ErasureHashes hashes = new ErasureHashes(
            ConfigProvider.getConfig().getValue("sensei.privacy.hash-secret", String.class));

    @BeforeEach
    void setUp() {
        redis.key().del(Streams.FEEDBACK);
    }

    @AfterEach
    void tearDown() {
        consumers.stop(FeedbackSubscriber.NAME);
    }

    private static String payload(String conversationId, String messageId, String userId, String kind, int value,
                                  String comment, String givenAt, String receivedAt) {
        return "{\"feedback\":{\"conversation_id\":\"" + conversationId + "\",\"environment\":\"test\","
                + "\"message_id\":" + (messageId == null ? "null" : "\"" + messageId + "\"")
                + ",\"user_id\":" + (userId == null ? "null" : "\"" + userId + "\"")
                + ",\"kind\":\"" + kind + "\",\"value\":" + value
                + ",\"comment\":" + (comment == null ? "null" : "\"" + comment + "\"")
                + ",\"timestamp\":\"" + givenAt + "\"},\"api_key_id\":null,\"received_at\":\"" + receivedAt
                + "\",\"source\":\"api\"}";
    }

    private static String thumbs(String conversationId, String messageId, int value, String comment, String givenAt) {
        return payload(conversationId, messageId, null, "thumbs", value, comment, givenAt, Instant.now().toString());
    }

    private String xadd(String payload) {
        return redis.stream(String.class).xadd(Streams.FEEDBACK, Map.of(Streams.FIELD_PAYLOAD, payload));
    }

    private void drain(String lastId) {
        consumers.startAs(FeedbackSubscriber.NAME, "feedback-test");
        waitUntil(WAIT, "sensei:feedback processed up to " + lastId, () -> drained(redis, Streams.FEEDBACK, lastId));
    }

    private static List<List<String>> stored(String conversationId) {
        return rows("select message_external_id, user_id, kind, value, polarity, coalesce(comment, '-'), given_at,"
                + " source from feedback where environment = 'test' and conversation_external_id = '" + conversationId
                + "' order by message_external_id, user_id");
    }

    /** Process entries with reason feedback asking for this conversation. */
    private List<String> rescoreRequests(UUID conversationId) throws Exception {
        List<String> out = new ArrayList<>();
        for (StreamMessage<String, String, String> m : entries(redis, Streams.PROCESS)) {
            JsonNode event = mapper.readTree(m.payload().get(Streams.FIELD_PAYLOAD));
            if (conversationId.toString().equals(event.path("conversation_id").asText())) {
                out.add(event.path("reason").asText());
            }
        }
        return out;
    }

    @Test
    void feedback__onAStoredConversation__isStored_andAsksForARescore() throws Exception {
        String external = uniqueId("fb-stored");
        UUID id = TestDb.conversation(external, true, Instant.now(), List.of(
                TestDb.Msg.user("Where is my parcel?"), TestDb.Msg.assistant("We sell shoes.")));
        redis.key().del("sensei:process:pending:" + id);

        drain(xadd(thumbs(external, "m1", -1, "not what I asked", "2026-01-01T10:00:00Z")));

        assertThat(stored(external)).containsExactly(List.of("m1", "", "thumbs", "-1", "-1", "not what I asked",
                "2026-01-01 10:00:00+00", "api"));
        assertThat(rescoreRequests(id)).contains("feedback");
    }

    @Test
    void feedback__beforeItsConversation__waits_andTheFirstScoringIncludesIt() throws Exception {
        String external = uniqueId("fb-early");
        drain(xadd(thumbs(external, "m1", -1, "wrong answer", "2026-01-01T10:00:00Z")));
        assertThat(stored(external)).hasSize(1);

        UUID id = TestDb.conversation(external, true, Instant.now(), List.of(
                TestDb.Msg.user("How do I export my report to CSV?"),
                TestDb.Msg.assistant("Open the report, click Export and choose CSV."),
                TestDb.Msg.user("Perfect, thanks!")));
        scoring.score(id).await().atMost(WAIT);

        JsonNode breakdown = mapper.readTree((String) TestDb.DB.value(
                "select health_breakdown::text from conversations where id = ?", id));
        assertThat(breakdown.path("score").asDouble()).isLessThanOrEqualTo(40.0);
        List<String> components = new ArrayList<>();
        breakdown.path("components").forEach(c -> components.add(c.path("name").asText()));
        assertThat(components).contains("user_feedback");
        List<Map<String, Object>> failures = TestDb.DB.rows(
                "select type, evidence::text as evidence from failures where conversation_id = ?", id);
        assertThat(failures).anySatisfy(f -> {
            assertThat(f.get("type")).isEqualTo("negative_feedback");
            assertThat((String) f.get("evidence")).contains("wrong answer").contains("\"message_id\": \"m1\"");
        });
    }

    @Test
    void feedback__sameKey__newestWins_olderNeverOverwrites_redeliveryChangesNothing() {
        String external = uniqueId("fb-newest");
        String first = thumbs(external, null, -1, "bad", "2026-01-01T10:00:00Z");
        drain(xadd(first));
        String updatedFirst = updatedAt(external);
        // an older opinion arriving late is ignored: not even updated_at moves
        String last = xadd(thumbs(external, null, 1, "older", "2026-01-01T09:00:00Z"));
        waitUntil(WAIT, "older processed", () -> drained(redis, Streams.FEEDBACK, last));
        assertThat(stored(external)).extracting(r -> r.get(3) + " " + r.get(5)).containsExactly("-1 bad");
        assertThat(updatedAt(external)).isEqualTo(updatedFirst);
        // the same event delivered again: same row, same values
        String again = xadd(first);
        waitUntil(WAIT, "redelivery processed", () -> drained(redis, Streams.FEEDBACK, again));
        assertThat(stored(external)).extracting(r -> r.get(3) + " " + r.get(5)).containsExactly("-1 bad");
        // a newer one replaces it; another user and another message are rows of their own
        String newer = xadd(payload(external, null, null, "rating", 5, null, "2026-01-01T11:00:00Z",
                Instant.now().toString()));
        String otherUser = xadd(payload(external, null, "u2", "rating", 2, "slow", "2026-01-01T11:00:00Z",
                Instant.now().toString()));
        waitUntil(WAIT, "newer processed", () -> drained(redis, Streams.FEEDBACK, otherUser));
        assertThat(stored(external)).extracting(r -> r.get(1) + ":" + r.get(2) + " " + r.get(3) + " " + r.get(4) + " "
                + r.get(5)).containsExactly(":rating 5 1 -", "u2:rating 2 -1 slow");
        assertThat(newer).isNotNull();
        assertThat(updatedAt(external)).isGreaterThan(updatedFirst);
    }

    /** updated_at of the conversation-level, anonymous row, as sortable text. */
    private static String updatedAt(String external) {
        return rows("select to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') from feedback"
                + " where conversation_external_id = '" + external + "' and message_external_id = '' and user_id = ''")
                .get(0).get(0);
    }

    @Test
    void feedback__sameKeyTwiceInOneBatch__keepsTheNewest() {
        String external = uniqueId("fb-batch");
        xadd(thumbs(external, "m0", 1, "later", "2026-01-01T12:00:00Z"));
        String last = xadd(thumbs(external, "m0", -1, "earlier", "2026-01-01T08:00:00Z"));
        drain(last);
        assertThat(stored(external)).extracting(r -> r.get(3) + " " + r.get(5)).containsExactly("1 later");
    }

    @Test
    void feedback__onAnErasedConversationOrUser__receivedBeforeTheErasure__isDropped() {
        String erased = uniqueId("fb-erased");
        String user = uniqueId("erased-user");
        sql("insert into erasure_tombstones (kind, ref_hash, erased_at) values ('" + ErasureHashes.KIND_CONVERSATION
                + "', '" + hashes.conversation("test", erased) + "', now())");
        sql("insert into erasure_tombstones (kind, ref_hash, erased_at) values ('" + ErasureHashes.KIND_USER
                + "', '" + hashes.user(user) + "', now())");
        String before = Instant.now().minusSeconds(60).toString();
        String kept = uniqueId("fb-kept");
        xadd(payload(erased, null, null, "thumbs", -1, "x", "2026-01-01T10:00:00Z", before));
        xadd(payload(kept, null, user, "thumbs", -1, "x", "2026-01-01T10:00:00Z", before));
        // received after the conversation's erasure: a new conversation, kept
        String last = xadd(payload(erased, "m9", null, "thumbs", 1, null, "2026-01-01T10:00:00Z",
                Instant.now().plusSeconds(60).toString()));
        drain(last);
        assertThat(stored(erased)).extracting(r -> r.get(0)).containsExactly("m9");
        assertThat(stored(kept)).isEmpty();
    }

    @Test
    void feedback__invalidEntry__deadLetteredAtOnce_othersStored() {
        String external = uniqueId("fb-dlq");
        String bad = xadd(payload(external, null, null, "thumbs", 0, null, "2026-01-01T10:00:00Z",
                Instant.now().toString()));
        String good = xadd(thumbs(external, null, 1, null, "2026-01-01T10:00:00Z"));
        drain(good);
        assertThat(stored(external)).hasSize(1);
        assertThat(entries(redis, Streams.DLQ)).anySatisfy(m -> {
            assertThat(m.payload().get(Streams.FIELD_ORIGIN_ID)).isEqualTo(bad);
            assertThat(m.payload().get(Streams.FIELD_ORIGIN_STREAM)).isEqualTo(Streams.FEEDBACK);
        });
    }
}
