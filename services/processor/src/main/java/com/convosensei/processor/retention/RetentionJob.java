package com.convosensei.processor.retention;

import com.convosensei.db.privacy.ConversationPurge;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Daily (cron {@code sensei.retention.cron}): for every environment with a retention period, deletes the
 * conversations whose last activity is older than the period, with everything about them (see
 * {@link com.convosensei.db.privacy.ConversationPurge}), in batches of {@code sensei.retention.batch-size} per
 * transaction. Every replica's scheduler fires; a session advisory lock lets one of them run, the others skip.
 * Each environment's run is recorded in {@code audit_events} as 'retention.run'.
 */
@ApplicationScoped
public class RetentionJob {

    /** What one environment's run deleted. {@code counts}: rows per table, {@code conversations} included. */
    public record EnvironmentRun(String environment, int days, String cutoff, int batches, Map<String, Long> counts) {
    }

    private final RetentionRepository repository;
    private final RetentionConfig config;

    public RetentionJob(RetentionRepository repository, RetentionConfig config) {
        this.repository = repository;
        this.config = config;
    }

    @Scheduled(identity = "retention-daily", cron = "${sensei.retention.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return runOnce()
                .invoke(runs -> {
                    if (runs == null) {
                        Log.info("retention: another replica is running it; skipped");
                    } else {
                        runs.forEach(r -> Log.infof("retention %s (%d days, before %s): %s", r.environment(), r.days(),
                                r.cutoff(), r.counts()));
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    Log.errorf(e, "retention run failed (the next run continues where it stopped)");
                    return null;
                })
                .replaceWithVoid();
    }

    /**
     * Runs retention for every environment now; null when another replica holds the run lock. Also the trigger
     * tests use.
     */
    public Uni<List<EnvironmentRun>> runOnce() {
        return repository.pool().getConnection().chain(conn -> repository.tryLock(conn).chain(locked -> {
            if (!locked) {
                return Uni.createFrom().<List<EnvironmentRun>>nullItem();
            }
            return repository.policies()
                    .chain(policies -> Multi.createFrom().iterable(policies)
                            .onItem().transformToUniAndConcatenate(this::run)
                            .collect().asList())
                    .eventually(() -> repository.unlock(conn).onFailure().recoverWithNull());
        }).eventually(conn::close));
    }

    private Uni<EnvironmentRun> run(RetentionRepository.Policy policy) {
        Map<String, Long> total = new LinkedHashMap<>();
        return batches(policy, total, 0)
                .call(() -> repository.purgeOrphanFeedback(policy)
                        .invoke(n -> total.merge(ConversationPurge.FEEDBACK, n, Long::sum)))
                .chain(batches -> repository.audit(policy, total, batches)
                .replaceWith(new EnvironmentRun(policy.environment(), policy.days(),
                        policy.cutoff().toInstant().toString(), batches, total)));
    }

    /** Deletes batch after batch until one comes back short; completes with the number of non-empty batches. */
    private Uni<Integer> batches(RetentionRepository.Policy policy, Map<String, Long> total, int done) {
        int size = Math.max(1, config.batchSize());
        return repository.purgeBatch(policy, size).chain(counts -> {
            counts.forEach((table, n) -> total.merge(table, n, Long::sum));
            long deleted = counts.get("conversations");
            int batches = deleted > 0 ? done + 1 : done;
            if (deleted < size || batches >= config.maxBatches()) {
                return Uni.createFrom().item(batches);
            }
            return batches(policy, total, batches);
        });
    }
}
