package com.convosensei.processor.ingest;

import static com.convosensei.processor.stream.ProcessorTestSupport.count;
import static com.convosensei.processor.stream.ProcessorTestSupport.drained;
import static com.convosensei.processor.stream.ProcessorTestSupport.ingestPayload;
import static com.convosensei.processor.stream.ProcessorTestSupport.message;
import static com.convosensei.processor.stream.ProcessorTestSupport.sql;
import static com.convosensei.processor.stream.ProcessorTestSupport.uniqueId;
import static com.convosensei.processor.stream.ProcessorTestSupport.waitUntil;
import static com.convosensei.processor.stream.ProcessorTestSupport.xadd;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.stream.Streams;
import com.convosensei.db.privacy.ErasureHashes;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.processor.stream.ProcessorTestSupport;
import com.convosensei.processor.stream.StreamConsumers;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Erased stays erased: an ingest entry received before the erasure of its conversation or of its user (a DLQ replay,
 * a redelivery, an SDK retry) is dropped by the ingest write; data received after the erasure is stored.
 * Tombstones are written here as admin-api's erasure writes them (same keyed hashes).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = ProcessorTestSupport.DB))
class ErasureGuardTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    RedisDataSource redis;
    @Inject
    StreamConsumers consumers;

    private final ErasureHashes hashes = new ErasureHashes(
            ConfigProvider.getConfig().getValue("sensei.privacy.hash-secret", String.class));

    @BeforeEach
    void setUp() {
        ProcessorTestSupport.resetIngestStream(redis);
    }

    @AfterEach
    void tearDown() {
        consumers.stop(IngestSubscriber.NAME);
    }

    private void drain(String lastId) {
        consumers.startAs(IngestSubscriber.NAME, "erasure-guard-test");
        waitUntil(WAIT, "sensei:ingest processed up to " + lastId, () -> drained(redis, Streams.INGEST, lastId));
    }

    private static String receivedAt(String payload, Instant at) {
        return payload.replaceFirst("\"received_at\":\"[^\"]+\"", "\"received_at\":\"" + at + "\"");
    }

    private static long conversations(String externalId) {
        return count("select count(*) from conversations where external_id = '" + externalId + "'");
    }

    private static long messages(String externalId) {
        return count("select count(*) from messages m join conversations c on c.id = m.conversation_id"
                + " where c.external_id = '" + externalId + "'");
    }

    private void tombstone(String kind, String hash, String erasedAt) {
        sql("insert into erasure_tombstones (kind, ref_hash, erased_at) values ('" + kind + "', '" + hash + "', " + erasedAt
                + ") on conflict (kind, ref_hash) do update set erased_at = excluded.erased_at");
    }

    @Test
    void entryReceivedBeforeTheConversationsErasure__isDropped_oneReceivedAfter__isStored() {
        String id = uniqueId("erased-conv");
        tombstone(ErasureHashes.KIND_CONVERSATION, hashes.conversation("production", id), "now() - interval '1 minute'");
        String before = receivedAt(ingestPayload(id, null, message("user", "old secret", "2025-03-01T10:00:00Z")),
                Instant.now().minusSeconds(600));
        String last = xadd(redis, before, null);
        drain(last);
        assertThat(conversations(id)).isZero();

        consumers.stop(IngestSubscriber.NAME);
        String after = ingestPayload(id, null, message("user", "new message", "2025-03-02T10:00:00Z"));
        drain(xadd(redis, after, null));
        assertThat(conversations(id)).isEqualTo(1);
        assertThat(messages(id)).isEqualTo(1);
        assertThat(count("select count(*) from messages where content = 'old secret'"
                + " and conversation_id in (select id from conversations where external_id = '" + id + "')")).isZero();
    }

    @Test
    void entryOfAnErasedUser_receivedBeforeTheErasure__isDropped_evenForAConversationNeverStored() {
        String user = uniqueId("erased-user");
        String id = uniqueId("conv-of-erased-user");
        String other = uniqueId("conv-of-someone-else");
        tombstone(ErasureHashes.KIND_USER, hashes.user(user), "now()");
        String mine = receivedAt(ingestPayload(id, "\"user_id\":\"" + user + "\"",
                message("user", "hello", "2025-03-01T10:00:00Z")), Instant.now().minusSeconds(60));
        String theirs = receivedAt(ingestPayload(other, "\"user_id\":\"someone-else\"",
                message("user", "hello", "2025-03-01T10:00:00Z")), Instant.now().minusSeconds(60));
        xadd(redis, mine, null);
        drain(xadd(redis, theirs, null));

        assertThat(conversations(id)).isZero();
        assertThat(conversations(other)).isEqualTo(1);
    }

    @Test
    void batchMixingBeforeAndAfter__keepsOnlyTheMessagesReceivedAfterTheErasure() {
        String id = uniqueId("mixed");
        tombstone(ErasureHashes.KIND_CONVERSATION, hashes.conversation("production", id), "now() - interval '1 minute'");
        String before = receivedAt(ingestPayload(id, null, message("user", "before erasure", "2025-03-01T10:00:00Z")),
                Instant.now().minusSeconds(600));
        String after = ingestPayload(id, null, message("user", "after erasure", "2025-03-01T11:00:00Z"));
        xadd(redis, before, null);
        String last = xadd(redis, after, null);
        drain(last); // one batch: both entries are pending when the consumer starts

        assertThat(messages(id)).isEqualTo(1);
        assertThat(count("select count(*) from messages m join conversations c on c.id = m.conversation_id"
                + " where c.external_id = '" + id + "' and m.content = 'after erasure'")).isEqualTo(1);
        assertThat(count("select message_count from conversations where external_id = '" + id + "'")).isEqualTo(1);
    }
}
