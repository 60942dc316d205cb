package com.convosensei.admin.stream;

import com.convosensei.admin.repository.ErasureRepository.ConversationRef;
import com.convosensei.contracts.Limits;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.error.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What Redis still holds about erased conversations and users: DLQ entries (their payload is the original ingest
 * request, or an event naming the conversation id) are deleted; the scoring coalescing markers
 * ({@code sensei:process:pending:<id>}) too. Entries of the live streams cannot be edited safely while consumers
 * read them: they are trimmed by MAXLEN, and the processor's ingest write drops any that is re-read after the erasure
 * (tombstones). The DLQ is bounded (MAXLEN), so the scan is too.
 */
@ApplicationScoped
public class ErasureRedisCleanup {

    /** Must match the processor's {@code ProcessPublisher.PENDING_PREFIX}. */
    static final String PENDING_PREFIX = "sensei:process:pending:";
    private static final int PAGE = 500;

    private final ReactiveStreamCommands<String, String, String> streams;
    private final ReactiveKeyCommands<String> keys;
    private final ObjectMapper mapper;

    public ErasureRedisCleanup(ReactiveRedisDataSource redis, ObjectMapper mapper) {
        this.streams = redis.stream(String.class);
        this.keys = redis.key(String.class);
        this.mapper = mapper;
    }

    /**
     * @param userId the erased end user, or null when erasing one conversation
     * @return DLQ entries deleted; fails with 503 when Redis is unavailable (the caller has not deleted rows yet)
     */
    public Uni<Long> clean(List<ConversationRef> conversations, String userId) {
        Set<String> ids = new HashSet<>();
        Set<String> externalKeys = new HashSet<>();
        for (ConversationRef c : conversations) {
            ids.add(c.id().toString());
            externalKeys.add(c.environment() + "\u0000" + c.externalId());
        }
        Uni<Long> markers = ids.isEmpty() ? Uni.createFrom().item(0L)
                : keys.del(ids.stream().map(id -> PENDING_PREFIX + id).toArray(String[]::new)).map(n -> (long) n);
        return markers.chain(() -> scan("-", ids, externalKeys, userId, 0L))
                .onFailure(e -> !(e instanceof ApiException)).transform(e -> {
                    Log.warnf("erasure: Redis clean-up failed: %s", e.toString());
                    return ApiException.unavailable("Redis is unavailable, nothing was erased yet; try again shortly", 5);
                });
    }

    private Uni<Long> scan(String from, Set<String> ids, Set<String> externalKeys, String userId, long deleted) {
        return streams.xrange(Streams.DLQ, StreamRange.of(from, "+"), PAGE).chain(page -> {
            List<String> doomed = new ArrayList<>();
            for (StreamMessage<String, String, String> m : page) {
                if (names(m.payload().get(Streams.FIELD_PAYLOAD), ids, externalKeys, userId)) {
                    doomed.add(m.id());
                }
            }
            Uni<Long> removed = doomed.isEmpty() ? Uni.createFrom().item(0L)
                    : streams.xdel(Streams.DLQ, doomed.toArray(String[]::new)).map(n -> (long) n);
            return removed.chain(n -> page.size() < PAGE
                    ? Uni.createFrom().item(deleted + n)
                    : scan("(" + page.get(page.size() - 1).id(), ids, externalKeys, userId, deleted + n));
        });
    }

    /** Whether a DLQ payload is about one of the erased conversations or the erased user. */
    private boolean names(String payload, Set<String> ids, Set<String> externalKeys, String userId) {
        if (payload == null) {
            return false;
        }
        JsonNode node;
        try {
            node = mapper.readTree(payload);
        } catch (Exception e) {
            return false;
        }
        if (node == null || !node.isObject()) {
            return false;
        }
        JsonNode conversationId = node.get("conversation_id");
        if (conversationId != null && conversationId.isTextual() && ids.contains(conversationId.asText())) {
            return true; // process / embed / alerts events name the internal id
        }
        JsonNode track = node.get("conversation"); // ingest events carry the original track request
        if (track == null || !track.isObject()) {
            return false;
        }
        JsonNode user = track.get("user_id");
        if (userId != null && user != null && user.isTextual() && userId.equals(user.asText())) {
            return true;
        }
        JsonNode external = track.get("conversation_id");
        JsonNode env = track.get("environment");
        String environment = env != null && env.isTextual() ? env.asText() : Limits.DEFAULT_ENVIRONMENT;
        return external != null && external.isTextual() && externalKeys.contains(environment + "\u0000" + external.asText());
    }
}
