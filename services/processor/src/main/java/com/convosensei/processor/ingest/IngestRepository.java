package com.convosensei.processor.ingest;

import com.convosensei.contracts.ingest.TrackMessage;
import com.convosensei.processor.scoring.StoredSentiment;
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
 * Writes a batch of conversations in ONE transaction with two set-based statements (unnest arrays, never one
 * statement per row):
 * <ol>
 *   <li>upsert {@code conversations} on (external_id, environment), merging metadata, times, user, key and ended,
 *   and adding to {@code message_count} the offered messages not stored yet;</li>
 *   <li>insert {@code messages} with {@code ON CONFLICT (conversation_id, dedup_key) DO NOTHING RETURNING}, so
 *   re-sent messages are skipped and we learn which rows are new; each with its sentiment ({@link StoredSentiment}),
 *   so scoring does not write the row a second time;</li>
 *   <li>only where the insert stored fewer rows than the upsert counted (a concurrent batch stored some of them
 *   first), correct {@code message_count}.</li>
 * </ol>
 * Running it twice with the same input changes nothing the second time (message_count included).
 */
@ApplicationScoped
public class IngestRepository {

    /** What one batch wrote: the conversations touched (id by write key) and how many messages were new. */
    public record Result(Map<String, UUID> conversationIds, int messagesInserted) {
    }

    /** A conversation the upsert wrote, and how many of its offered messages it counted as new. */
    private record Upserted(UUID id, int predictedNew) {
    }

    /**
     * $11: each conversation's offered dedup keys as an array literal. {@code offered} counts the ones not stored yet,
     * and the upsert adds that to {@code message_count} in the same row write (ingest used to write the row a second
     * time to add the count). Returns that prediction; {@link #write} corrects the rare conversation where a
     * concurrent batch stored some of the same messages first.
     */
    static final String UPSERT_CONVERSATIONS = """
            with offered as (
                select u.*, (select count(*)::int from unnest(u.dedup_keys::text[]) k
                             where cv.id is null or not exists (
                                 select 1 from messages m where m.conversation_id = cv.id and m.dedup_key = k))
                            as new_messages
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::timestamptz[],
                            $7::timestamptz[], $8::timestamptz[], $9::boolean[], $10::timestamptz[], $11::text[])
                     as u(external_id, environment, user_id, metadata, api_key_id, first_message_at, last_message_at,
                          last_activity_at, ended, ended_at, dedup_keys)
                left join conversations cv on cv.external_id = u.external_id and cv.environment = u.environment),
            upserted as (
                insert into conversations as c (external_id, environment, user_id, metadata, api_key_id,
                        first_message_at, last_message_at, last_activity_at, ended, ended_at, ended_reason,
                        message_count)
                select u.external_id, u.environment, u.user_id, u.metadata::jsonb, u.api_key_id,
                       u.first_message_at, u.last_message_at, u.last_activity_at, u.ended,
                       case when u.ended then u.ended_at end, case when u.ended then 'client' end, u.new_messages
                from offered u
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
                                        when c.ended_reason = 'inactivity' and excluded.last_message_at > c.ended_at
                                            then null
                                        else c.ended_reason end,
                    message_count = c.message_count + excluded.message_count,
                    updated_at = now()
                returning id, external_id, environment)
            select up.id, up.external_id, up.environment, o.new_messages
            from upserted up join offered o on o.external_id = up.external_id and o.environment = up.environment
            """;

    static final String INSERT_MESSAGES = """
            insert into messages (conversation_id, external_id, dedup_key, role, content, sent_at, metadata,
                                  latency_ms, tokens, received_at, sentiment_score)
            select u.conversation_id, u.external_id, u.dedup_key, u.role, u.content, u.sent_at, u.metadata::jsonb,
                   u.latency_ms, u.tokens, u.received_at, u.sentiment_score
            from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[],
                        $8::int[], $9::int[], $10::timestamptz[], $11::float8[]) with ordinality
                 as u(conversation_id, external_id, dedup_key, role, content, sent_at, metadata, latency_ms, tokens,
                      received_at, sentiment_score, ordinal)
            -- identity ids are drawn in this order: id order is the client's order (docs/architecture.md)
            order by u.ordinal
            on conflict (conversation_id, dedup_key) do nothing
            returning conversation_id
            """;

    /** Only where the upsert's prediction missed: a concurrent batch committed some of the same messages first. */
    static final String CORRECT_MESSAGE_COUNTS = """
            update conversations c set message_count = c.message_count + v.correction
            from unnest($1::uuid[], $2::int[]) as v(id, correction)
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
                        .flatMap(upserted -> {
                            Map<String, UUID> ids = new HashMap<>();
                            upserted.forEach((key, u) -> ids.put(key, u.id()));
                            return insertMessages(conn, writes, ids)
                                    .flatMap(inserted -> correctCounts(conn, upserted, inserted));
                        })));
    }

    private Uni<Map<String, Upserted>> upsertConversations(SqlConnection conn, List<ConversationWrite> writes) {
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
        String[] dedupKeys = new String[n];
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
            dedupKeys[i] = arrayLiteral(w.messages.keySet());
        }
        Tuple params = Tuple.tuple()
                .addArrayOfString(externalIds).addArrayOfString(environments).addArrayOfString(userIds)
                .addArrayOfString(metadata).addArrayOfUUID(apiKeyIds)
                .addArrayOfOffsetDateTime(first).addArrayOfOffsetDateTime(last).addArrayOfOffsetDateTime(activity)
                .addArrayOfBoolean(ended).addArrayOfOffsetDateTime(endedAt).addArrayOfString(dedupKeys);
        return conn.preparedQuery(UPSERT_CONVERSATIONS).execute(params).map(rows -> {
            Map<String, Upserted> upserted = new HashMap<>();
            for (Row row : rows) {
                upserted.put(ConversationLockOrder.key(row.getString("environment"), row.getString("external_id")),
                        new Upserted(row.getUUID("id"), row.getInteger("new_messages")));
            }
            return upserted;
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
        Double[] sentiment = new Double[n];
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
                sentiment[i] = StoredSentiment.analyze(msg.role(), msg.content());
                i++;
            }
        }
        Tuple params = Tuple.tuple()
                .addArrayOfUUID(conversationIds).addArrayOfString(externalIds).addArrayOfString(dedupKeys)
                .addArrayOfString(roles).addArrayOfString(contents).addArrayOfOffsetDateTime(sentAt)
                .addArrayOfString(metadata).addArrayOfInteger(latency).addArrayOfInteger(tokens)
                .addArrayOfOffsetDateTime(receivedAt).addArrayOfDouble(sentiment);
        return conn.preparedQuery(INSERT_MESSAGES).execute(params).map(rows -> {
            Map<UUID, Integer> inserted = new HashMap<>();
            for (Row row : rows) {
                inserted.merge(row.getUUID("conversation_id"), 1, Integer::sum);
            }
            return inserted;
        });
    }

    /** Corrects message_count where the insert stored fewer rows than the upsert counted; the batch's result. */
    private Uni<Result> correctCounts(SqlConnection conn, Map<String, Upserted> upserted, Map<UUID, Integer> inserted) {
        Map<String, UUID> ids = new HashMap<>();
        List<Upserted> missed = new ArrayList<>();
        for (Map.Entry<String, Upserted> e : upserted.entrySet()) {
            Upserted u = e.getValue();
            ids.put(e.getKey(), u.id());
            if (inserted.getOrDefault(u.id(), 0) != u.predictedNew()) {
                missed.add(u);
            }
        }
        Result result = new Result(ids, inserted.values().stream().mapToInt(Integer::intValue).sum());
        if (missed.isEmpty()) {
            return Uni.createFrom().item(result);
        }
        missed.sort((a, b) -> a.id().compareTo(b.id())); // stable lock order
        UUID[] idArray = missed.stream().map(Upserted::id).toArray(UUID[]::new);
        Integer[] corrections = missed.stream().map(u -> inserted.getOrDefault(u.id(), 0) - u.predictedNew())
                .toArray(Integer[]::new);
        return conn.preparedQuery(CORRECT_MESSAGE_COUNTS).execute(Tuple.tuple().addArrayOfUUID(idArray)
                .addArrayOfInteger(corrections)).map(rows -> result);
    }

    /** A Postgres array literal of the keys (every element quoted and escaped). */
    static String arrayLiteral(Iterable<String> values) {
        StringBuilder sb = new StringBuilder("{");
        for (String v : values) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"');
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                if (ch == '"' || ch == '\\') {
                    sb.append('\\');
                }
                sb.append(ch);
            }
            sb.append('"');
        }
        return sb.append('}').toString();
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
