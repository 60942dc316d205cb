package com.convosensei.admin.repository;

import com.convosensei.db.privacy.ConversationPurge;
import com.convosensei.db.privacy.ErasureHashes;
import com.convosensei.db.privacy.Tombstones;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SQL of erasure: tombstones first (so the processor's ingest cannot bring the data back, see {@link Tombstones}),
 * then the rows, through the one purge statement the retention job uses too ({@link ConversationPurge}).
 */
@ApplicationScoped
public class ErasureRepository {

    /** What ingest knows a conversation by; Redis clean-up matches DLQ entries on these. */
    public record ConversationRef(UUID id, String environment, String externalId) {
    }

    private static final String PURGE_USER_BATCH = ConversationPurge.deleteReturningCounts(
            "select id from conversations where user_id = $1 order by id limit $2 for update");
    private static final String PURGE_CONVERSATION = ConversationPurge.deleteReturningCounts(
            "select id from conversations where id = $1 for update");

    private final Pool pool;

    public ErasureRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records the user's tombstone and one per conversation of theirs, under the ingest lock held exclusively (a
     * moment: ingest writes in flight finish first). Returns the conversations found.
     */
    public Uni<List<ConversationRef>> tombstoneUser(ErasureHashes hashes, String userId) {
        return pool.withTransaction(conn -> lockIngest(conn)
                .chain(() -> conn.preparedQuery("select id, environment, external_id from conversations where user_id = $1")
                        .execute(Tuple.of(userId)))
                .chain(rows -> {
                    List<ConversationRef> refs = refs(rows);
                    List<Tuple> tombstones = new ArrayList<>();
                    tombstones.add(Tuple.of(ErasureHashes.KIND_USER, hashes.user(userId)));
                    refs.forEach(r -> tombstones.add(Tuple.of(ErasureHashes.KIND_CONVERSATION,
                            hashes.conversation(r.environment(), r.externalId()))));
                    return conn.preparedQuery(Tombstones.UPSERT).executeBatch(tombstones).replaceWith(refs);
                }));
    }

    /** Like {@link #tombstoneUser} for one conversation; null when no conversation has that id. */
    public Uni<ConversationRef> tombstoneConversation(ErasureHashes hashes, UUID id) {
        return pool.withTransaction(conn -> lockIngest(conn)
                .chain(() -> conn.preparedQuery("select id, environment, external_id from conversations where id = $1")
                        .execute(Tuple.of(id)))
                .chain(rows -> {
                    List<ConversationRef> refs = refs(rows);
                    if (refs.isEmpty()) {
                        return Uni.createFrom().<ConversationRef>nullItem();
                    }
                    ConversationRef ref = refs.get(0);
                    return conn.preparedQuery(Tombstones.UPSERT)
                            .execute(Tuple.of(ErasureHashes.KIND_CONVERSATION,
                                    hashes.conversation(ref.environment(), ref.externalId())))
                            .replaceWith(ref);
                }));
    }

    /**
     * Deletes the user's conversations, {@code batchSize} per transaction, until none is left, then the feedback the
     * user gave anywhere else (on another user's conversation, or on one that never arrived: feedback has no foreign
     * key, see {@link ConversationPurge}); totals per table.
     */
    public Uni<Map<String, Long>> purgeUser(String userId, int batchSize) {
        return purgeUser(userId, batchSize, zeroCounts())
                .chain(total -> pool.preparedQuery("delete from feedback where user_id = $1 and user_id <> ''")
                        .execute(Tuple.of(userId))
                        .map(rows -> {
                            total.merge(ConversationPurge.FEEDBACK, (long) rows.rowCount(), Long::sum);
                            return total;
                        }));
    }

    private Uni<Map<String, Long>> purgeUser(String userId, int batchSize, Map<String, Long> total) {
        return pool.withTransaction(conn -> purge(conn, PURGE_USER_BATCH, Tuple.of(userId, batchSize)))
                .chain(counts -> {
                    counts.forEach((table, n) -> total.merge(table, n, Long::sum));
                    return counts.get("conversations") < batchSize
                            ? Uni.createFrom().item(total)
                            : purgeUser(userId, batchSize, total);
                });
    }

    public Uni<Map<String, Long>> purgeConversation(UUID id) {
        return pool.withTransaction(conn -> purge(conn, PURGE_CONVERSATION, Tuple.of(id)));
    }

    public Uni<Void> audit(String actor, String action, String targetKind, String targetRef, JsonObject details) {
        return pool.preparedQuery("""
                        insert into audit_events (actor, action, target_kind, target_ref, details)
                        values ($1, $2, $3, $4, $5::text::jsonb)""")
                .execute(Tuple.of(actor, action, targetKind, targetRef, details.encode())).replaceWithVoid();
    }

    public static Map<String, Long> zeroCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        ConversationPurge.countColumns().forEach(c -> counts.put(c, 0L));
        return counts;
    }

    private static Uni<Void> lockIngest(SqlConnection conn) {
        return conn.preparedQuery("select pg_advisory_xact_lock($1)").execute(Tuple.of(Tombstones.INGEST_LOCK))
                .replaceWithVoid();
    }

    private static Uni<Map<String, Long>> purge(SqlConnection conn, String sql, Tuple params) {
        return conn.preparedQuery(sql).execute(params).map(rows -> {
            Row row = rows.iterator().next();
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String column : ConversationPurge.countColumns()) {
                counts.put(column, row.getLong(column));
            }
            return counts;
        });
    }

    private static List<ConversationRef> refs(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<ConversationRef> refs = new ArrayList<>();
        for (Row r : rows) {
            refs.add(new ConversationRef(r.getUUID("id"), r.getString("environment"), r.getString("external_id")));
        }
        return refs;
    }
}
