package com.convosensei.processor.ingest;

import com.convosensei.contracts.ingest.TrackMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a batch of conversations in ONE transaction with three set-based statements (unnest arrays, never one
 * statement per row):
 * <ol>
 *   <li>upsert {@code conversations} on (external_id, environment), merging metadata, times, user, key and ended;</li>
 *   <li>insert {@code messages} with {@code ON CONFLICT (conversation_id, dedup_key) DO NOTHING RETURNING}, so
 *   re-sent messages are skipped and we learn which rows are new;</li>
 *   <li>add the number of new rows to {@code message_count}.</li>
 * </ol>
 * Running it twice with the same input changes nothing the second time (message_count included).
 */
@ApplicationScoped
public class IngestRepository {

    /** What one batch wrote: the conversations touched (id by write key) and how many messages were new. */
    public record Result(Map<String, UUID> conversationIds, int messagesInserted) {
    }

    static final String UPSERT_CONVERSATIONS = """
            insert into conversations as c (external_id, environment, user_id, metadata, api_key_id,
                    first_message_at, last_message_at, last_activity_at, ended, ended_at, ended_reason)
            select u.external_id, u.environment, u.user_id, u.metadata::jsonb, u.api_key_id,
                   u.first_message_at, u.last_message_at, u.last_activity_at, u.ended,
                   case when u.ended then u.ended_at end, case when u.ended then 'client' end
            from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::timestamptz[],
                        $7::timestamptz[], $8::timestamptz[], $9::boolean[], $10::timestamptz[])
                 as u(external_id, environment, user_id, metadata, api_key_id, first_message_at, last_message_at,
                      last_activity_at, ended, ended_at)
            on conflict (external_id, environment) do update set
                user_id = coalesce(excluded.user_id, c.user_id),
                metadata = c.metadata || excluded.metadata,
                -- the key that created it keeps it (ingestion refuses other keys: conversation_owners, V8)
                api_key_id = coalesce(c.api_key_id, excluded.api_key_id),
                first_message_at = least(c.first_message_at, excluded.first_message_at),
                last_message_at = greatest(c.last_message_at, excluded.last_message_at),
                last_activity_at = greatest(c.last_activity_at, excluded.last_activity_at),
                -- the client ending it wins; a conversation closed for inactivity reopens when newer messages come
                ended = case when excluded.ended then true
                             when c.ended_reason = 'inactivity' and excluded.last_message_at > c.ended_at then false
                             else c.ended end,
                ended_at = case when excluded.ended and c.ended and c.ended_reason = 'client' then c.ended_at
                                when excluded.ended then excluded.ended_at
                                when c.ended_reason = 'inactivity' and excluded.last_message_at > c.ended_at then null
                                else c.ended_at end,
                ended_reason = case when excluded.ended then 'client'
                                    when c.ended_reason = 'inactivity' and excluded.last_message_at > c.ended_at then null
                                    else c.ended_reason end,
                updated_at = now()
            returning id, external_id, environment
            """;

    static final String INSERT_MESSAGES = """
            insert into messages (conversation_id, external_id, dedup_key, role, content, sent_at, metadata,
                                  latency_ms, tokens, received_at)
            select u.conversation_id, u.external_id, u.dedup_key, u.role, u.content, u.sent_at, u.metadata::jsonb,
                   u.latency_ms, u.tokens, u.received_at
            from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[],
                        $8::int[], $9::int[], $10::timestamptz[]) with ordinality
                 as u(conversation_id, external_id, dedup_key, role, content, sent_at, metadata, latency_ms, tokens,
                      received_at, ordinal)
            -- identity ids are drawn in this order: id order is the client's order (docs/architecture.md)
            order by u.ordinal
            on conflict (conversation_id, dedup_key) do nothing
            returning conversation_id
            """;

    static final String ADD_MESSAGE_COUNTS = """
            update conversations c set message_count = c.message_count + v.inserted
            from unnest($1::uuid[], $2::int[]) as v(id, inserted)
            where c.id = v.id
            """;

    private final Pool pool;
    private final ObjectMapper mapper;
    private final ErasureGuard erasureGuard;

    public IngestRepository(Pool pool, ObjectMapper mapper, ErasureGuard erasureGuard) {
        this.pool = pool;
        this.mapper = mapper;
        this.erasureGuard = erasureGuard;
    }

    Uni<Result> write(List<ConversationWrite> all) {
        // erased conversations and users stay erased: what was received before their erasure is dropped here
        return pool.withTransaction(conn -> erasureGuard.filter(conn, all).flatMap(writes -> writes.isEmpty()
                ? Uni.createFrom().item(new Result(Map.of(), 0))
                : upsertConversations(conn, writes)
                        .flatMap(ids -> insertMessages(conn, writes, ids)
                                .flatMap(inserted -> addCounts(conn, inserted)
                                        .map(total -> new Result(ids, total))))));
    }

    private Uni<Map<String, UUID>> upsertConversations(SqlConnection conn, List<ConversationWrite> writes) {
        int n = writes.size();
        String[] externalIds = new String[n];
        String[] environments = new String[n];
        String[] userIds = new String[n];
        String[] metadata = new String[n];
        UUID[] apiKeyIds = new UUID[n];
        OffsetDateTime[] first = new OffsetDateTime[n];
        OffsetDateTime[] last = new OffsetDateTime[n];
        OffsetDateTime[] activity = new OffsetDateTime[n];
        Boolean[] ended = new Boolean[n];
        OffsetDateTime[] endedAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            ConversationWrite w = writes.get(i);
            externalIds[i] = w.externalId;
            environments[i] = w.environment;
            userIds[i] = w.userId;
            metadata[i] = json(w.metadata);
            apiKeyIds[i] = w.apiKeyId;
            first[i] = utc(w.firstMessageAt);
            last[i] = utc(w.lastMessageAt);
            activity[i] = utc(w.lastActivityAt);
            ended[i] = w.ended;
            endedAt[i] = utc(w.endedAt);
        }
        Tuple params = Tuple.tuple()
                .addArrayOfString(externalIds).addArrayOfString(environments).addArrayOfString(userIds)
                .addArrayOfString(metadata).addArrayOfUUID(apiKeyIds)
                .addArrayOfOffsetDateTime(first).addArrayOfOffsetDateTime(last).addArrayOfOffsetDateTime(activity)
                .addArrayOfBoolean(ended).addArrayOfOffsetDateTime(endedAt);
        return conn.preparedQuery(UPSERT_CONVERSATIONS).execute(params).map(rows -> {
            Map<String, UUID> ids = new HashMap<>();
            for (Row row : rows) {
                ids.put(row.getString("environment") + "\u0000" + row.getString("external_id"), row.getUUID("id"));
            }
            return ids;
        });
    }

    /** Inserts the messages; completes with the number of new rows per conversation id. */
    private Uni<Map<UUID, Integer>> insertMessages(SqlConnection conn, List<ConversationWrite> writes,
                                                   Map<String, UUID> ids) {
        int n = writes.stream().mapToInt(w -> w.messages.size()).sum();
        if (n == 0) {
            return Uni.createFrom().item(Map.of());
        }
        UUID[] conversationIds = new UUID[n];
        String[] externalIds = new String[n];
        String[] dedupKeys = new String[n];
        String[] roles = new String[n];
        String[] contents = new String[n];
        OffsetDateTime[] sentAt = new OffsetDateTime[n];
        String[] metadata = new String[n];
        Integer[] latency = new Integer[n];
        Integer[] tokens = new Integer[n];
        OffsetDateTime[] receivedAt = new OffsetDateTime[n];
        int i = 0;
        for (ConversationWrite w : writes) {
            UUID conversationId = ids.get(w.key());
            if (conversationId == null) {
                throw new IllegalStateException("upsert returned no id for conversation " + w.externalId);
            }
            for (ConversationWrite.Message m : w.messages.values()) {
                TrackMessage msg = m.message();
                conversationIds[i] = conversationId;
                externalIds[i] = msg.id();
                dedupKeys[i] = m.dedupKey();
                roles[i] = msg.role();
                contents[i] = msg.content();
                sentAt[i] = utc(msg.timestamp());
                metadata[i] = msg.metadata() != null && msg.metadata().isObject() ? json(msg.metadata()) : "{}";
                latency[i] = msg.latencyMs();
                tokens[i] = msg.tokens();
                receivedAt[i] = utc(m.receivedAt());
                i++;
            }
        }
        Tuple params = Tuple.tuple()
                .addArrayOfUUID(conversationIds).addArrayOfString(externalIds).addArrayOfString(dedupKeys)
                .addArrayOfString(roles).addArrayOfString(contents).addArrayOfOffsetDateTime(sentAt)
                .addArrayOfString(metadata).addArrayOfInteger(latency).addArrayOfInteger(tokens)
                .addArrayOfOffsetDateTime(receivedAt);
        return conn.preparedQuery(INSERT_MESSAGES).execute(params).map(rows -> {
            Map<UUID, Integer> inserted = new HashMap<>();
            for (Row row : rows) {
                inserted.merge(row.getUUID("conversation_id"), 1, Integer::sum);
            }
            return inserted;
        });
    }

    private Uni<Integer> addCounts(SqlConnection conn, Map<UUID, Integer> inserted) {
        if (inserted.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<UUID> ids = new ArrayList<>(inserted.keySet());
        ids.sort(null); // stable lock order
        UUID[] idArray = ids.toArray(UUID[]::new);
        Integer[] counts = ids.stream().map(inserted::get).toArray(Integer[]::new);
        int total = inserted.values().stream().mapToInt(Integer::intValue).sum();
        return conn.preparedQuery(ADD_MESSAGE_COUNTS).execute(Tuple.tuple().addArrayOfUUID(idArray)
                .addArrayOfInteger(counts)).map(rows -> total);
    }

    private String json(Object node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise metadata", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
