package com.convosensei.processor.feedback;

import com.convosensei.contracts.ingest.FeedbackRequest;
import com.convosensei.contracts.stream.FeedbackEvent;
import com.convosensei.processor.ingest.ErasureGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one writer of {@code feedback} (V11). A batch is written in ONE transaction: the erasure check
 * ({@link ErasureGuard#filterFeedback}), then one set-based upsert on the identity key (environment, conversation,
 * message, user) that also answers which stored conversations the batch touched, so they can be re-scored.
 *
 * <p>Newest wins: a row is replaced only by feedback given at the same time or later ({@code given_at}), so a
 * delayed or redelivered older event never overwrites a newer opinion; replaying the same event rewrites the same
 * values. Within a batch the same key keeps only its newest item (an upsert may not touch a row twice).
 */
@ApplicationScoped
public class FeedbackRepository {

    /** What a batch wrote: rows inserted or replaced, and the ids of the existing conversations they belong to. */
    public record Result(int rowsWritten, List<UUID> conversationIds) {
    }

    static final String UPSERT = """
            with written as (
                insert into feedback as f (environment, conversation_external_id, message_external_id, user_id, kind,
                                           value, comment, given_at, api_key_id, source, received_at)
                select u.environment, u.conversation_external_id, u.message_external_id, u.user_id, u.kind, u.value,
                       u.comment, u.given_at, u.api_key_id, u.source, u.received_at
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int2[], $7::text[],
                            $8::timestamptz[], $9::uuid[], $10::text[], $11::timestamptz[])
                     as u(environment, conversation_external_id, message_external_id, user_id, kind, value, comment,
                          given_at, api_key_id, source, received_at)
                on conflict on constraint feedback_identity_key do update set
                    kind = excluded.kind, value = excluded.value, comment = excluded.comment,
                    given_at = excluded.given_at, api_key_id = excluded.api_key_id, source = excluded.source,
                    received_at = excluded.received_at, updated_at = now()
                where f.given_at <= excluded.given_at
                returning f.environment, f.conversation_external_id)
            select (select count(*) from written)::int as written,
                   array(select distinct c.id from written w join conversations c
                         on c.environment = w.environment and c.external_id = w.conversation_external_id) as ids
            """;

    private final Pool pool;
    private final ErasureGuard erasureGuard;

    public FeedbackRepository(Pool pool, ErasureGuard erasureGuard) {
        this.pool = pool;
        this.erasureGuard = erasureGuard;
    }

    public Uni<Result> write(List<FeedbackEvent> events) {
        return pool.withTransaction(conn -> erasureGuard.filterFeedback(conn, events).chain(kept -> {
            List<FeedbackEvent> rows = newestPerKey(kept);
            if (rows.isEmpty()) {
                return Uni.createFrom().item(new Result(0, List.of()));
            }
            int n = rows.size();
            String[] env = new String[n];
            String[] conversation = new String[n];
            String[] message = new String[n];
            String[] user = new String[n];
            String[] kind = new String[n];
            Short[] value = new Short[n];
            String[] comment = new String[n];
            OffsetDateTime[] givenAt = new OffsetDateTime[n];
            UUID[] apiKey = new UUID[n];
            String[] source = new String[n];
            OffsetDateTime[] receivedAt = new OffsetDateTime[n];
            for (int i = 0; i < n; i++) {
                FeedbackEvent e = rows.get(i);
                FeedbackRequest f = e.feedback();
                env[i] = f.environment();
                conversation[i] = f.conversationId();
                message[i] = f.messageId() == null ? "" : f.messageId();
                user[i] = f.userId() == null ? "" : f.userId();
                kind[i] = f.kind();
                value[i] = f.value().shortValue();
                comment[i] = f.comment();
                givenAt[i] = utc(f.timestamp());
                apiKey[i] = e.apiKeyId();
                source[i] = e.source() == null ? FeedbackEvent.SOURCE_API : e.source();
                receivedAt[i] = utc(e.receivedAt() == null ? Instant.now() : e.receivedAt());
            }
            return conn.preparedQuery(UPSERT)
                    .execute(Tuple.from(new Object[] {env, conversation, message, user, kind, value, comment, givenAt,
                            apiKey, source, receivedAt}))
                    .map(result -> {
                        Row r = result.iterator().next();
                        UUID[] ids = r.getArrayOfUUIDs("ids");
                        return new Result(r.getInteger("written"), ids == null ? List.of() : List.of(ids));
                    });
        }));
    }

    /** One item per identity key: the newest given_at, the later entry on a tie (the client's correction). */
    static List<FeedbackEvent> newestPerKey(List<FeedbackEvent> events) {
        Map<String, FeedbackEvent> byKey = new LinkedHashMap<>();
        for (FeedbackEvent e : events) {
            FeedbackRequest f = e.feedback();
            String key = String.join("\u0000", f.environment(), f.conversationId(),
                    f.messageId() == null ? "" : f.messageId(), f.userId() == null ? "" : f.userId());
            byKey.merge(key, e, (a, b) -> b.feedback().timestamp().isBefore(a.feedback().timestamp()) ? a : b);
        }
        return new ArrayList<>(byKey.values());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
