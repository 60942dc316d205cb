package com.convosensei.processor.retention;

import com.convosensei.db.privacy.ConversationPurge;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL of the retention job: reads {@code retention_settings} (admin-api owns it), deletes expired conversations in
 * batches, records each run in {@code audit_events}.
 */
@ApplicationScoped
public class RetentionRepository {

    /** pg advisory lock key held by the one replica running retention (arbitrary constant). */
    static final long RUN_LOCK = 0x5E45E1DE1E7EL;

    /**
     * "Older than" is the conversation's last activity ({@code last_activity_at}: the last time anything arrived for
     * it), so a long-running conversation still receiving messages is kept whole. Oldest first, {@code skip locked}:
     * a row the ingest consumer is writing right now is left for the next batch or run, nobody waits.
     */
    static final String PURGE_BATCH = ConversationPurge.deleteReturningCounts("""
            select id from conversations
            where environment = $1 and last_activity_at < $2
            order by last_activity_at
            limit $3
            for update skip locked""");

    /** One environment's period with its cutoff, computed by the database clock (the one last_activity_at uses). */
    public record Policy(String environment, int days, OffsetDateTime cutoff) {
    }

    private final Pool pool;

    public RetentionRepository(Pool pool) {
        this.pool = pool;
    }

    Pool pool() {
        return pool;
    }

    Uni<Boolean> tryLock(SqlConnection conn) {
        return conn.preparedQuery("select pg_try_advisory_lock($1) as locked").execute(Tuple.of(RUN_LOCK))
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }

    Uni<Void> unlock(SqlConnection conn) {
        return conn.preparedQuery("select pg_advisory_unlock($1)").execute(Tuple.of(RUN_LOCK)).replaceWithVoid();
    }

    Uni<List<Policy>> policies() {
        return pool.query("""
                        select environment, days, now() - make_interval(days => days) as cutoff
                        from retention_settings where days is not null order by environment""")
                .execute().map(rows -> {
                    List<Policy> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Policy(r.getString("environment"), r.getInteger("days"), r.getOffsetDateTime("cutoff")));
                    }
                    return out;
                });
    }

    /** Deletes up to {@code limit} conversations of the environment last active before the cutoff, in one transaction. */
    Uni<Map<String, Long>> purgeBatch(Policy policy, int limit) {
        return pool.withTransaction(conn -> conn.preparedQuery(PURGE_BATCH)
                .execute(Tuple.of(policy.environment(), policy.cutoff(), limit))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Map<String, Long> counts = new LinkedHashMap<>();
                    for (String column : ConversationPurge.countColumns()) {
                        counts.put(column, row.getLong(column));
                    }
                    return counts;
                }));
    }

    /**
     * Feedback of the environment given before the cutoff whose conversation never arrived (feedback has no foreign
     * key, see {@link ConversationPurge}; feedback of deleted conversations goes with {@link #PURGE_BATCH}).
     */
    Uni<Long> purgeOrphanFeedback(Policy policy) {
        return pool.preparedQuery("""
                        delete from feedback f
                        where f.environment = $1 and f.given_at < $2
                          and not exists (select 1 from conversations c
                                          where c.environment = f.environment and c.external_id = f.conversation_external_id)""")
                .execute(Tuple.of(policy.environment(), policy.cutoff())).map(rows -> (long) rows.rowCount());
    }

    /** 'retention.run': environment, period, cutoff and counts per table; no personal data. */
    Uni<Void> audit(Policy policy, Map<String, Long> counts, int batches) {
        JsonObject details = new JsonObject().put("environment", policy.environment()).put("days", policy.days())
                .put("cutoff", policy.cutoff().toInstant().toString()).put("batches", batches)
                .put("counts", new JsonObject(new LinkedHashMap<>(counts)));
        return pool.preparedQuery("""
                        insert into audit_events (actor, action, target_kind, target_ref, details)
                        values ('system:retention', 'retention.run', 'environment', $1, $2::text::jsonb)""")
                .execute(Tuple.of(policy.environment(), details.encode())).replaceWithVoid();
    }
}
