package com.convosensei.admin.repository;

import com.convosensei.contracts.admin.PatternRunAccepted;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** {@code pattern_runs}: queue a manual run; at most one queued/running run exists (unique partial index). */
@ApplicationScoped
public class PatternRunRepository {

    public static final String SINGLE_ACTIVE_INDEX = "pattern_runs_single_active_idx";

    private final Pool pool;

    public PatternRunRepository(Pool pool) {
        this.pool = pool;
    }

    /** Fails with a unique violation on {@link #SINGLE_ACTIVE_INDEX} while another run is queued or running. */
    public Uni<PatternRunAccepted> queueManual(String requestedBy, String environment) {
        return pool.preparedQuery("insert into pattern_runs (trigger, requested_by, status, environment)"
                        + " values ('manual', $1, 'queued', $2) returning id, trigger, status, requested_by, created_at, environment")
                .execute(Tuple.of(requestedBy, environment))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new PatternRunAccepted(r.getUUID("id"), r.getString("trigger"), r.getString("status"),
                            r.getString("requested_by"), Sql.instant(r, "created_at"), r.getString("environment"));
                });
    }

    /** The queued or running run, or null. */
    public Uni<UUID> active() {
        return pool.query("select id from pattern_runs where status in ('queued', 'running') limit 1").execute()
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? it.next().getUUID("id") : null;
                });
    }

    /** Frees the single-active slot when the request could not be handed to the processor. */
    public Uni<Void> markFailed(UUID id, String error) {
        return pool.preparedQuery("update pattern_runs set status = 'failed', error = $2, finished_at = now()"
                        + " where id = $1 and status = 'queued'")
                .execute(Tuple.of(id, error)).replaceWithVoid();
    }
}
