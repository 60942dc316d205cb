package com.convosensei.processor.ingest;

import static com.convosensei.processor.stream.ProcessorTestSupport.count;
import static com.convosensei.processor.stream.ProcessorTestSupport.deadLetters;
import static com.convosensei.processor.stream.ProcessorTestSupport.drained;
import static com.convosensei.processor.stream.ProcessorTestSupport.ingestPayload;
import static com.convosensei.processor.stream.ProcessorTestSupport.message;
import static com.convosensei.processor.stream.ProcessorTestSupport.pending;
import static com.convosensei.processor.stream.ProcessorTestSupport.sleep;
import static com.convosensei.processor.stream.ProcessorTestSupport.uniqueId;
import static com.convosensei.processor.stream.ProcessorTestSupport.waitUntil;
import static com.convosensei.processor.stream.ProcessorTestSupport.xadd;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TcpProxy;
import com.convosensei.processor.stream.ProcessorTestSupport;
import com.convosensei.processor.stream.StreamConsumers;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL unreachable for the processor (a TCP proxy between its reactive pool and the shared server is cut; the
 * server itself keeps running): entries stay pending, nothing is dead-lettered, and everything is written exactly once
 * when the database is back. The ingest consumer here is started by config, as in production.
 */
@QuarkusTest
@TestProfile(PostgresOutageTest.Profile.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = ProcessorTestSupport.DB))
class PostgresOutageTest {

    /** Starts the proxy once and points the reactive datasource (not Flyway's JDBC one) through it. */
    public static class Profile implements QuarkusTestProfile {
        static final TcpProxy PROXY = proxy();

        private static TcpProxy proxy() {
            try {
                return new TcpProxy(PostgresTestResource.host(), Integer.parseInt(PostgresTestResource.port()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + PROXY.port() + "/" + ProcessorTestSupport.DB,
                    "sensei.consumers.ingest.enabled", "true");
        }
    }

    @Inject
    RedisDataSource redis;
    @Inject
    StreamConsumers consumers;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String reactiveUrl;

    @Test
    void ingest__whilePostgresIsUnreachable__entriesStayPendingAndAreWrittenOnceWhenItReturns() {
        assertThat(reactiveUrl).contains(":" + Profile.PROXY.port() + "/");
        assertThat(consumers.statuses()).anySatisfy(s -> assertThat(s.handler()).isEqualTo(IngestSubscriber.NAME));

        ProcessorTestSupport.resetIngestStream(redis); // the running consumer re-creates the group
        String prefix = uniqueId("outage");
        String warm = xadd(redis, ingestPayload(prefix + "-warm", null, message("user", "before", "2025-03-01T10:00:00Z")), null);
        waitUntil(Duration.ofSeconds(20), "warm-up entry written", () -> drained(redis, Streams.INGEST, warm));

        Profile.PROXY.cut();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ids.add(xadd(redis, ingestPayload(prefix + "-" + i, null,
                        message("user", "during " + i, "2025-03-01T10:00:00Z"),
                        message("assistant", "reply " + i, "2025-03-01T10:00:01Z")), null));
            }
            // well past claim-idle (1 s) and the delivery cap (3) if failures counted as deliveries
            sleep(4000);
            // the batch in hand is pending (retried in place, not counted as deliveries); the rest waits unread
            assertThat(pending(redis, Streams.INGEST)).isBetween(1L, 3L);
            assertThat(drained(redis, Streams.INGEST, ids.get(2))).isFalse();
            assertThat(ids).allSatisfy(id -> assertThat(deadLetters(redis, id)).isEmpty());
            assertThat(count("select count(*) from conversations where external_id like '" + prefix + "-_'")).isZero();
        } finally {
            Profile.PROXY.restore();
        }

        String last = ids.get(ids.size() - 1);
        waitUntil(Duration.ofSeconds(30), "entries written after the outage", () -> drained(redis, Streams.INGEST, last));
        assertThat(count("select count(*) from conversations where external_id like '" + prefix + "-_'")).isEqualTo(3);
        assertThat(count("select sum(message_count) from conversations where external_id like '" + prefix + "-_'")).isEqualTo(6);
        assertThat(count("select count(*) from messages m join conversations c on c.id = m.conversation_id "
                + "where c.external_id like '" + prefix + "-_'")).isEqualTo(6);
        for (String id : ids) {
            assertThat(deadLetters(redis, id)).isEmpty();
        }
    }
}
