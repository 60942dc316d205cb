package com.convosensei.processor.stream;

import static com.convosensei.processor.stream.ProcessorTestSupport.entries;
import static com.convosensei.processor.stream.ProcessorTestSupport.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Coalescing of scoring requests (test window: {@code %test.sensei.stream.process-coalesce-window=2s}). Requests go to a
 * test stream: a process consumer running in this test JVM would read {@code sensei:process} and release the markers.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = ProcessorTestSupport.DB))
class ProcessPublisherTest {

    @Inject
    ProcessPublisher publisher;
    @Inject
    RedisDataSource redis;

    private static final String STREAM = "sensei:test-process";


    private boolean request(UUID id, String reason) {
        return publisher.request(STREAM, List.of(id), reason).await().indefinitely() > 0;
    }

    private long requestsFor(UUID id) {
        return entries(redis, STREAM).stream()
                .filter(m -> m.payload().getOrDefault(Streams.FIELD_PAYLOAD, "").contains(id.toString())).count();
    }

    @Test
    void request__burstForOneConversation__enqueuesOnceUntilReleased() {
        UUID id = UUID.randomUUID();
        assertThat(request(id, "ingest")).isTrue();
        assertThat(request(id, "ingest")).isFalse();
        assertThat(request(id, "ingest")).isFalse();
        assertThat(requestsFor(id)).isEqualTo(1);
        assertThat(redis.key().exists(ProcessPublisher.pendingKey(id))).isTrue();

        // the process consumer releases before loading: the next update asks again
        publisher.release(id).await().indefinitely();
        assertThat(request(id, "ingest")).isTrue();
        assertThat(requestsFor(id)).isEqualTo(2);
    }

    @Test
    void request__manyConversations__enqueuesOnlyThoseNotWaitingInOneCall() {
        UUID waiting = UUID.randomUUID();
        UUID fresh1 = UUID.randomUUID();
        UUID fresh2 = UUID.randomUUID();
        request(waiting, "ingest");

        int enqueued = publisher.request(STREAM, List.of(waiting, fresh1, fresh2, fresh1), "ingest").await().indefinitely();

        assertThat(enqueued).isEqualTo(2);
        assertThat(requestsFor(waiting)).isEqualTo(1);
        assertThat(requestsFor(fresh1)).isEqualTo(1);
        assertThat(requestsFor(fresh2)).isEqualTo(1);
    }

    @Test
    void request__afterTheWindowWithoutRelease__enqueuesAgain() {
        UUID id = UUID.randomUUID();
        assertThat(request(id, "ingest")).isTrue();
        sleep(2200);
        assertThat(request(id, "inactivity")).isTrue();
        assertThat(requestsFor(id)).isEqualTo(2);
    }
}
