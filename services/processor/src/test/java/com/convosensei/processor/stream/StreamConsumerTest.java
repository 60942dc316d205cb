package com.convosensei.processor.stream;

import static com.convosensei.processor.stream.ProcessorTestSupport.count;
import static com.convosensei.processor.stream.ProcessorTestSupport.deadLetters;
import static com.convosensei.processor.stream.ProcessorTestSupport.drained;
import static com.convosensei.processor.stream.ProcessorTestSupport.entries;
import static com.convosensei.processor.stream.ProcessorTestSupport.ingestPayload;
import static com.convosensei.processor.stream.ProcessorTestSupport.message;
import static com.convosensei.processor.stream.ProcessorTestSupport.uniqueId;
import static com.convosensei.processor.stream.ProcessorTestSupport.waitUntil;
import static com.convosensei.processor.stream.ProcessorTestSupport.xadd;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.processor.ingest.IngestSubscriber;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer base ({@link StreamConsumer}) with the real ingest handler, real Redis and Postgres: take-over from a
 * dead consumer, dead-lettering, leaving the group on shutdown, and the trace from entry to DB write.
 * Test config: claim-idle 1 s, claim-interval 300 ms, max-deliveries 3.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = ProcessorTestSupport.DB))
class StreamConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    RedisDataSource redis;
    @Inject
    StreamConsumers consumers;
    @Inject
    InMemorySpanExporter spans;

    @BeforeEach
    void setUp() {
        ProcessorTestSupport.resetIngestStream(redis);
        try {
            redis.stream(String.class).xgroupCreate(Streams.INGEST, Streams.GROUP, "0", new XGroupCreateArgs().mkstream());
        } catch (RuntimeException busyGroup) {
            // exists
        }
    }

    @AfterEach
    void tearDown() {
        consumers.stop(IngestSubscriber.NAME);
    }

    private static long messagesOf(String prefix) {
        return count("select count(*) from messages m join conversations c on c.id = m.conversation_id "
                + "where c.external_id like '" + prefix + "%'");
    }

    @Test
    void consumer__killedMidBatch__anotherConsumerClaimsTheEntriesAndWritesThemOnce() {
        String prefix = uniqueId("orphan");
        String last = null;
        for (int i = 0; i < 5; i++) {
            last = xadd(redis, ingestPayload(prefix + "-" + i, null,
                    message("user", "hello " + i, "2025-03-01T10:00:00Z"),
                    message("assistant", "hi " + i, "2025-03-01T10:00:01Z")), null);
        }
        // "dead" reads the batch and dies before acknowledging anything
        List<StreamMessage<String, String, String>> taken = redis.stream(String.class)
                .xreadgroup(Streams.GROUP, "dead", Streams.INGEST, ">", new XReadGroupArgs().count(10));
        assertThat(taken).hasSize(5);
        assertThat(pendingOf("dead")).isEqualTo(5);

        consumers.startAs(IngestSubscriber.NAME, "live");
        String lastId = last;
        waitUntil(WAIT, "entries taken over from 'dead' and acknowledged", () -> drained(redis, Streams.INGEST, lastId));

        assertThat(count("select count(*) from conversations where external_id like '" + prefix + "%'")).isEqualTo(5);
        assertThat(messagesOf(prefix)).isEqualTo(10);
        assertThat(count("select sum(message_count) from conversations where external_id like '" + prefix + "%'"))
                .isEqualTo(10);
        assertThat(pendingOf("dead")).isZero();
    }

    @Test
    void consumer__entryFailingEveryTime__goesToDlqAfterTheRetryCapWhileGoodEntriesOfItsBatchAreWritten() {
        String prefix = uniqueId("poison");
        String good1 = xadd(redis, ingestPayload(prefix + "-good1", null, message("user", "fine", "2025-03-01T10:00:00Z")), null);
        // decodes (a valid Instant), but lies past PostgreSQL's timestamptz range: the write fails on every delivery
        String poison = xadd(redis, ingestPayload(prefix + "-bad", null,
                message("user", "from the far future", "+294277-01-01T00:00:00Z")), null);
        String good2 = xadd(redis, ingestPayload(prefix + "-good2", null, message("user", "fine too", "2025-03-01T10:00:00Z")), null);

        consumers.startAs(IngestSubscriber.NAME, "poison-test");
        waitUntil(WAIT, "poison entry dead-lettered", () -> !deadLetters(redis, poison).isEmpty());

        Map<String, String> dead = deadLetters(redis, poison).get(0);
        assertThat(dead.get(Streams.FIELD_DELIVERIES)).isEqualTo("3");
        assertThat(dead.get(Streams.FIELD_ERROR)).contains("out of range");
        assertThat(dead.get(Streams.FIELD_PAYLOAD)).contains(prefix + "-bad");
        assertThat(dead.get(Streams.FIELD_FAILED_AT)).isNotBlank();
        waitUntil(WAIT, "all acknowledged", () -> drained(redis, Streams.INGEST, good2));
        assertThat(messagesOf(prefix + "-good")).isEqualTo(2);
        assertThat(count("select count(*) from conversations where external_id = '" + prefix + "-bad'")).isZero();
        assertThat(deadLetters(redis, good1)).isEmpty();
    }

    @Test
    void consumer__unreadableEntries__goToDlqAtOnce() {
        String notJson = xadd(redis, "this is not json", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        String noPayload = xadd(redis, null, null);
        String noConversation = xadd(redis, "{\"api_key_id\":null,\"received_at\":\"2025-03-01T10:00:00Z\"}", null);
        String badRole = xadd(redis, ingestPayload(uniqueId("role"), null, message("robot", "x", "2025-03-01T10:00:00Z")), null);

        consumers.startAs(IngestSubscriber.NAME, "garbage-test");
        waitUntil(WAIT, "garbage acknowledged", () -> drained(redis, Streams.INGEST, badRole));

        for (String id : List.of(notJson, noPayload, noConversation, badRole)) {
            List<Map<String, String>> dead = deadLetters(redis, id);
            assertThat(dead).as("DLQ entry for " + id).hasSize(1);
            assertThat(dead.get(0).get(Streams.FIELD_DELIVERIES)).isEqualTo("1");
            assertThat(dead.get(0).get(Streams.FIELD_ERROR)).startsWith("undecodable");
        }
        assertThat(deadLetters(redis, notJson).get(0).get(Streams.FIELD_PAYLOAD)).isEqualTo("this is not json");
        assertThat(deadLetters(redis, notJson).get(0).get(Streams.FIELD_TRACEPARENT))
                .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    }

    @Test
    void consumer__stopped__finishesAndLeavesTheGroupWhenItHoldsNothing() {
        String id = uniqueId("graceful");
        consumers.startAs(IngestSubscriber.NAME, "graceful-1");
        String entry = xadd(redis, ingestPayload(id, null, message("user", "bye", "2025-03-01T10:00:00Z")), null);
        waitUntil(WAIT, "processed", () -> drained(redis, Streams.INGEST, entry));
        assertThat(consumerNames()).contains("graceful-1");

        consumers.stop(IngestSubscriber.NAME);

        assertThat(consumerNames()).doesNotContain("graceful-1");
        assertThat(count("select message_count from conversations where external_id = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void consumer__traceparentInEntry__consumerAndDbWriteSpansJoinTheProducersTrace() {
        spans.reset();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String parentSpanId = "00f067aa0ba902b7";
        String id = uniqueId("traced");
        String entry = xadd(redis, ingestPayload(id, null, message("user", "trace me", "2025-03-01T10:00:00Z")),
                "00-" + traceId + "-" + parentSpanId + "-01");

        consumers.startAs(IngestSubscriber.NAME, "trace-test");
        waitUntil(WAIT, "processed", () -> drained(redis, Streams.INGEST, entry));
        waitUntil(WAIT, "spans exported", () -> find("ingest write", traceId).isPresent());

        SpanData consumer = find(Streams.INGEST + " process", traceId).orElseThrow();
        assertThat(consumer.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(consumer.getParentSpanId()).isEqualTo(parentSpanId);
        assertThat(consumer.getAttributes().asMap().toString()).contains(entry);
        SpanData write = find("ingest write", traceId).orElseThrow();
        assertThat(write.getParentSpanId()).isEqualTo(consumer.getSpanId());
        // the scoring request continues the same trace
        String conversationId = ProcessorTestSupport.rows("select id from conversations where external_id = '" + id + "'")
                .get(0).get(0);
        List<StreamMessage<String, String, String>> requests = new ArrayList<>(entries(redis, Streams.PROCESS).stream()
                .filter(m -> m.payload().getOrDefault(Streams.FIELD_PAYLOAD, "").contains(conversationId)).toList());
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).payload().get(Streams.FIELD_TRACEPARENT)).startsWith("00-" + traceId + "-");
    }

    @Test
    void consumer__batchSlowerThanClaimIdle__isNotTakenOverWhileInProgress() {
        String stream = "sensei:test-slow";
        redis.key().del(stream);
        AtomicInteger invocations = new AtomicInteger();
        // named "ingest" only to run with the ingest test settings (claim-idle 1 s, claim-interval 300 ms)
        StreamHandler<String> slow = new StreamHandler<>() {
            public String name() {
                return IngestSubscriber.NAME;
            }

            public String stream() {
                return stream;
            }

            public String decode(StreamEntry entry) {
                return entry.payload();
            }

            public Uni<Void> process(List<Decoded<String>> batch) {
                invocations.incrementAndGet();
                return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(2500));
            }
        };
        consumers.startAs(slow, "slow-a");
        consumers.startAs(slow, "slow-b");
        String id = redis.stream(String.class).xadd(stream, Map.of(Streams.FIELD_PAYLOAD, "work"));

        waitUntil(WAIT, "slow entry acknowledged", () -> drained(redis, stream, id));

        assertThat(invocations.get()).as("handled by one consumer only, although it took 2.5 x claim-idle").isEqualTo(1);
        redis.key().del(stream);
    }

    private Optional<SpanData> find(String name, String traceId) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name) && s.getTraceId().equals(traceId)).findFirst();
    }

    private long pendingOf(String consumer) {
        return redis.stream(String.class).xpending(Streams.INGEST, Streams.GROUP).getConsumers().getOrDefault(consumer, 0L);
    }

    private List<String> consumerNames() {
        List<String> names = new ArrayList<>();
        for (io.vertx.mutiny.redis.client.Response c : redis.execute("XINFO", "CONSUMERS", Streams.INGEST, Streams.GROUP)) {
            names.add(c.get("name").toString());
        }
        return names;
    }
}
