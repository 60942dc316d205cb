package com.convosensei.processor.sweep;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Ends conversations that went quiet. */
@ApplicationScoped
public class InactivityRepository {

    private final Pool pool;

    public InactivityRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Marks up to {@code limit} open conversations idle for longer than {@code timeout} as ended by inactivity and
     * returns their ids. One statement: the CTE picks due rows with {@code FOR UPDATE SKIP LOCKED}, so replicas
     * sweeping at the same moment split the work instead of ending (and re-scoring) a conversation twice, and a row
     * the ingest consumer is writing right now is left for the next sweep. The {@code not ended} re-check in the
     * update is the partial index's own predicate ({@code conversations_open_activity_idx}).
     */
    public Uni<List<UUID>> endIdle(Duration timeout, int limit) {
        return pool.preparedQuery("""
                        with due as (
                            select id from conversations
                            where not ended and last_activity_at < now() - make_interval(secs => $1)
                            order by last_activity_at
                            limit $2
                            for update skip locked)
                        update conversations c
                        set ended = true, ended_reason = 'inactivity', ended_at = now(), updated_at = now()
                        from due
                        where c.id = due.id and not c.ended
                        returning c.id""")
                .execute(Tuple.of((double) timeout.toMillis() / 1000.0, limit))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    for (Row r : rows) {
                        ids.add(r.getUUID("id"));
                    }
                    return ids;
                });
    }
}
