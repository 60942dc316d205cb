package com.convosensei.processor.rollup;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Folds the analytics rollup deltas that the database's triggers append on every write (V19) into the rollup tables,
 * so the dashboard's readers sum a few thousand rows instead of an ever-growing delta log. Readers add the pending
 * deltas themselves, so how often this runs changes their speed, never their figures. Safe on several replicas: the
 * SQL function lets one caller at a time through and the others return at once.
 */
@ApplicationScoped
public class RollupCompactor {

    private final Pool pool;

    public RollupCompactor(Pool pool) {
        this.pool = pool;
    }

    @Scheduled(identity = "rollup-compaction", every = "${sensei.rollups.compact-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return compactOnce()
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("rollup compaction failed (next run retries; readers still add the deltas): %s", e.toString());
                    return 0L;
                })
                .replaceWithVoid();
    }

    /** Folds every committed delta; returns the rollup rows written (0 when another replica was compacting). */
    public Uni<Long> compactOnce() {
        return pool.query("select sensei_private.compact_analytics_rollups() as written").execute()
                .map(rows -> rows.iterator().next().getLong("written"));
    }
}
