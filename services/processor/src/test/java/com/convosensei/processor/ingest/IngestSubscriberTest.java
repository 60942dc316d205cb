package com.convosensei.processor.ingest;

import static com.convosensei.processor.stream.ProcessorTestSupport.count;
import static com.convosensei.processor.stream.ProcessorTestSupport.drained;
import static com.convosensei.processor.stream.ProcessorTestSupport.entries;
import static com.convosensei.processor.stream.ProcessorTestSupport.ingestPayload;
import static com.convosensei.processor.stream.ProcessorTestSupport.message;
import static com.convosensei.processor.stream.ProcessorTestSupport.rows;
import static com.convosensei.processor.stream.ProcessorTestSupport.uniqueId;
import static com.convosensei.processor.stream.ProcessorTestSupport.waitUntil;
import static com.convosensei.processor.stream.ProcessorTestSupport.xadd;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.stream.IngestEvent;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.processor.scoring.ScoringService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.processor.stream.ProcessorTestSupport;
import com.convosensei.processor.stream.StreamConsumers;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ingest consumer against real Redis and Postgres: what ends up in the tables, and what is asked of scoring. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = ProcessorTestSupport.DB))
class IngestSubscriberTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    RedisDataSource redis;
    @Inject
    StreamConsumers consumers;
    @Inject
    IngestRepository repository;
    @Inject
    ScoringService scoring;
    @Inject
    ObjectMapper mapper;

    @BeforeEach
    void setUp() {
        ProcessorTestSupport.resetIngestStream(redis);
    }

    @AfterEach
    void tearDown() {
        consumers.stop(IngestSubscriber.NAME);
    }

    /** Runs the ingest consumer until everything up to {@code lastId} is written and acknowledged. */
    private void drain(String lastId) {
        consumers.startAs(IngestSubscriber.NAME, "ingest-test");
        waitUntil(WAIT, "sensei:ingest processed up to " + lastId, () -> drained(redis, Streams.INGEST, lastId));
    }

    private static long conversations(String externalId) {
        return count("select count(*) from conversations where external_id = '" + externalId + "'");
    }

    private static long messages(String externalId) {
        return count("select count(*) from messages m join conversations c on c.id = m.conversation_id "
                + "where c.external_id = '" + externalId + "'");
    }

    private static long messageCount(String externalId) {
        return count("select message_count from conversations where external_id = '" + externalId + "'");
    }

    @Test
    void ingest__sameConversationSentThreeTimes__storesOneConversationAndEachMessageOnce() {
        String id = uniqueId("thrice");
        String payload = ingestPayload(id, null,
                message("user", "my order is late", "2025-03-01T10:00:00Z"),
                message("assistant", "sorry to hear that", "2025-03-01T10:00:02Z"),
                message("user", "where is it?", "2025-03-01T10:00:05+00:00"));
        String last = null;
        for (int i = 0; i < 3; i++) {
            last = xadd(redis, payload, null);
        }
        drain(last);

        assertThat(conversations(id)).isEqualTo(1);
        assertThat(messages(id)).isEqualTo(3);
        assertThat(messageCount(id)).isEqualTo(3);
    }

    @Test
    void ingest__sameEntryDeliveredAgainLater__changesNothing() {
        String id = uniqueId("twice");
        String payload = ingestPayload(id, "\"metadata\":{\"plan\":\"pro\"}",
                message("m1", "user", "hello", "2025-03-01T10:00:00Z"),
                message("m2", "assistant", "hi!", "2025-03-01T10:00:01Z"));
        drain(xadd(redis, payload, null));
        List<List<String>> before = rows("select id, message_count, metadata::text, first_message_at, last_message_at, "
                + "last_activity_at from conversations where external_id = '" + id + "'");

        // the very same entry content delivered a second time (e.g. re-sent after a lost ack)
        String again = xadd(redis, payload, null);
        waitUntil(WAIT, "second copy processed", () -> drained(redis, Streams.INGEST, again));

        assertThat(rows("select id, message_count, metadata::text, first_message_at, last_message_at, last_activity_at "
                + "from conversations where external_id = '" + id + "'")).isEqualTo(before);
        assertThat(messages(id)).isEqualTo(2);
    }

    @Test
    void ingest__messagesSentLater__appendInTimestampOrderAndUpdateTimes() {
        String id = uniqueId("later");
        xadd(redis, ingestPayload(id, null,
                message("user", "first", "2025-03-01T10:00:00Z"),
                message("user", "third", "2025-03-01T10:00:20Z")), null);
        String last = xadd(redis, ingestPayload(id, null,
                message("assistant", "second", "2025-03-01T10:00:10Z"),
                message("assistant", "fourth", "2025-03-01T10:00:30Z")), null);
        drain(last);

        assertThat(rows("select m.content from messages m join conversations c on c.id = m.conversation_id "
                + "where c.external_id = '" + id + "' order by m.sent_at, m.id"))
                .extracting(r -> r.get(0)).containsExactly("first", "second", "third", "fourth");
        assertThat(rows("select message_count, first_message_at = '2025-03-01T10:00:00Z', "
                + "last_message_at = '2025-03-01T10:00:30Z' from conversations where external_id = '" + id + "'"))
                .containsExactly(List.of("4", "t", "t"));
    }

    @Test
    void ingest__idOrderIsClientOrder_despiteTiedAndSkewedTimestamps_reSendsKeepTheirPlace() {
        String id = uniqueId("order");
        xadd(redis, ingestPayload(id, null,
                message("o-1", "user", "u1", "2025-03-01T10:00:00Z"),
                // the reply is stamped with its latency: later than the user's next message
                message("o-2", "assistant", "a1", "2025-03-01T10:00:05Z"),
                message("o-3", "user", "u2", "2025-03-01T10:00:01Z"),
                message("o-4", "assistant", "a2", "2025-03-01T10:00:06Z"),
                // the same millisecond twice
                message("o-5", "user", "tie-1", "2025-03-01T10:00:07Z"),
                message("o-6", "assistant", "tie-2", "2025-03-01T10:00:07Z")), null);
        String last = xadd(redis, ingestPayload(id, null,
                message("o-1", "user", "u1", "2025-03-01T10:00:00Z"),
                message("o-7", "user", "appended early-stamped", "2025-03-01T09:00:00Z")), null);
        drain(last);

        assertThat(rows("select m.content from messages m join conversations c on c.id = m.conversation_id "
                + "where c.external_id = '" + id + "' order by m.id"))
                .extracting(r -> r.get(0))
                .containsExactly("u1", "a1", "u2", "a2", "tie-1", "tie-2", "appended early-stamped");
    }

    @Test
    void ingest__dedupKeys__clientIdWinsElseHashOfRoleTimestampContent() {
        String id = uniqueId("dedup");
        String last = xadd(redis, ingestPayload(id, null,
                // same id twice (second one ignored even though its content differs)
                message("a-1", "user", "original", "2025-03-01T10:00:00Z"),
                message("a-1", "user", "edited", "2025-03-01T10:00:00Z"),
                // no id: same role+time+content written in another offset notation is the same message
                message("assistant", "same text", "2025-03-01T12:00:00+02:00"),
                message("assistant", "same text", "2025-03-01T10:00:00.000Z"),
                // same content at another time is another message
                message("assistant", "same text", "2025-03-01T10:00:01Z")), null);
        drain(last);

        assertThat(rows("select m.external_id, m.content, m.dedup_key from messages m join conversations c "
                + "on c.id = m.conversation_id where c.external_id = '" + id + "' order by m.id"))
                .containsExactly(
                        List.of("a-1", "original", "a-1"),
                        java.util.Arrays.asList(null, "same text",
                                DedupKeys.sha256Hex("assistant\n2025-03-01T10:00:00Z\nsame text")),
                        java.util.Arrays.asList(null, "same text",
                                DedupKeys.sha256Hex("assistant\n2025-03-01T10:00:01Z\nsame text")));
        assertThat(messageCount(id)).isEqualTo(3);
    }

    @Test
    void ingest__laterRequests__mergeMetadataKeepUserAndEndConversation() {
        String id = uniqueId("merge");
        xadd(redis, ingestPayload(id, "\"user_id\":\"u-1\",\"metadata\":{\"plan\":\"free\",\"region\":\"eu\"}",
                message("user", "hi", "2025-03-01T10:00:00Z")), null);
        String last = xadd(redis, ingestPayload(id, "\"metadata\":{\"plan\":\"pro\"}",
                message("assistant", "bye", "2025-03-01T10:05:00Z")).replace("\"ended\":false", "\"ended\":true"), null);
        drain(last);

        assertThat(rows("select user_id, metadata->>'plan', metadata->>'region', ended, ended_reason, "
                + "ended_at = '2025-03-01T10:05:00Z' from conversations where external_id = '" + id + "'"))
                .containsExactly(List.of("u-1", "pro", "eu", "t", "client", "t"));
    }

    @Test
    void ingest__manyConversationsInOneBatch__eachWrittenWithItsOwnMessages() {
        String last = null;
        String prefix = uniqueId("batch");
        for (int i = 0; i < 30; i++) {
            last = xadd(redis, ingestPayload(prefix + "-" + (i % 10), null,
                    message("user", "message " + i, "2025-03-01T10:00:" + String.format("%02d", i) + "Z")), null);
        }
        drain(last);

        assertThat(count("select count(*) from conversations where external_id like '" + prefix + "-%'")).isEqualTo(10);
        assertThat(count("select sum(message_count) from conversations where external_id like '" + prefix + "-%'"))
                .isEqualTo(30);
        assertThat(count("select count(*) from messages m join conversations c on c.id = m.conversation_id "
                + "where c.external_id like '" + prefix + "-%'")).isEqualTo(30);
    }

    @Test
    void ingest__storesEachMessagesSentiment__soScoringLeavesTheMessageRowsAlone() {
        String id = uniqueId("sentiment");
        drain(xadd(redis, ingestPayload(id, null,
                message("system", "you are a support agent", "2025-03-01T09:59:59Z"),
                message("user", "this is terrible, nothing works and I am furious", "2025-03-01T10:00:00Z"),
                message("tool", "order 42: shipped", "2025-03-01T10:00:01Z"),
                message("assistant", "great news, your order shipped and arrives tomorrow", "2025-03-01T10:00:02Z")),
                null));
        String messagesOf = "select m.role, m.sentiment_score is not null, m.xmin::text from messages m "
                + "join conversations c on c.id = m.conversation_id where c.external_id = '" + id + "' order by m.id";
        List<List<String>> ingested = rows(messagesOf);
        assertThat(ingested).extracting(r -> r.get(0) + ":" + r.get(1))
                .containsExactly("system:f", "user:t", "tool:f", "assistant:t");

        UUID conversationId = UUID.fromString(rows("select id from conversations where external_id = '" + id + "'")
                .get(0).get(0));
        assertThat(scoring.score(conversationId).await().atMost(WAIT).found()).isTrue();

        // scoring writes a message's sentiment only where it differs: the same row versions mean it agreed
        assertThat(rows(messagesOf)).as("no message row written again").isEqualTo(ingested);
        assertThat(count("select count(*) from conversations where scored_at is not null and external_id = '" + id
                + "'")).isEqualTo(1);
    }

    @Test
    void write__concurrentBatchesWithOverlappingMessages__countEachStoredMessageOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 12; round++) {
                String id = uniqueId("race");
                // ids with the characters an array literal must escape
                String m1 = message("r\\\\\\\"1,{x}", "user", "one", "2025-03-01T10:00:00Z"); // JSON r\\\"1: the id r\"1,{x}
                String m2 = message("user", "two", "2025-03-01T10:00:01Z");
                String m3 = message("assistant", "three", "2025-03-01T10:00:02Z");
                String m4 = message("user", "four", "2025-03-01T10:00:03Z");
                List<IngestEvent> batches = List.of(event(id, m1, m2, m3), event(id, m2, m3, m4));
                if (round % 3 == 0) { // the conversation exists already for a third of the rounds
                    repository.write(ConversationWrite.group(List.of(event(id, m2)))).await().atMost(WAIT);
                }
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<IngestRepository.Result>> writes = new ArrayList<>();
                for (IngestEvent batch : batches) {
                    writes.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return repository.write(ConversationWrite.group(List.of(batch))).await().atMost(WAIT);
                    }, threads));
                }
                start.countDown();
                int inserted = 0;
                for (CompletableFuture<IngestRepository.Result> w : writes) {
                    inserted += w.get().messagesInserted();
                }
                assertThat(messages(id)).as("round " + round).isEqualTo(4);
                assertThat(messageCount(id)).as("message_count, round " + round).isEqualTo(4);
                assertThat(inserted).as("new rows reported, round " + round).isEqualTo(round % 3 == 0 ? 3 : 4);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private IngestEvent event(String conversationId, String... messages) throws Exception {
        return mapper.readValue(ingestPayload(conversationId, null, messages), IngestEvent.class);
    }

    @Test
    void ingest__afterCommit__requestsScoringOfTheConversationWithReasonIngest() {
        String id = uniqueId("scored");
        drain(xadd(redis, ingestPayload(id, null, message("user", "one", "2025-03-01T10:00:00Z")), null));
        UUID conversationId = UUID.fromString(rows("select id from conversations where external_id = '" + id + "'")
                .get(0).get(0));

        List<StreamMessage<String, String, String>> requests = processRequests(conversationId);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).payload().get(Streams.FIELD_PAYLOAD))
                .contains("\"reason\":\"ingest\"").contains("\"conversation_id\":\"" + conversationId + "\"");
    }

    private List<StreamMessage<String, String, String>> processRequests(UUID conversationId) {
        return entries(redis, Streams.PROCESS).stream()
                .filter(m -> m.payload().getOrDefault(Streams.FIELD_PAYLOAD, "").contains(conversationId.toString()))
                .toList();
    }
}
