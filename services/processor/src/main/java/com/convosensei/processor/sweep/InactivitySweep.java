package com.convosensei.processor.sweep;

import com.convosensei.contracts.stream.ProcessEvent;
import com.convosensei.processor.scoring.AnalysisSettings;
import com.convosensei.processor.stream.ProcessPublisher;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Every minute (configurable): conversations without activity for {@code sensei.analysis.inactivity-timeout} are
 * ended ({@code ended_reason = 'inactivity'}) and queued for scoring, so they are re-scored as ended (abandonment).
 * Safe on several replicas (see {@link InactivityRepository#endIdle}).
 */
@ApplicationScoped
public class InactivitySweep {

    /** Batches per sweep at most, so one sweep cannot run for ever on a huge backlog (the next one continues). */
    static final int MAX_BATCHES = 100;

    private final InactivityRepository repository;
    private final ProcessPublisher publisher;
    private final AnalysisSettings settings;

    public InactivitySweep(InactivityRepository repository, ProcessPublisher publisher, AnalysisSettings settings) {
        this.repository = repository;
        this.publisher = publisher;
        this.settings = settings;
    }

    @Scheduled(identity = "inactivity-sweep", every = "${sensei.analysis.sweep.every}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweepOnce()
                .invoke(n -> {
                    if (n > 0) {
                        Log.infof("inactivity sweep ended %d conversation(s)", n);
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("inactivity sweep failed (next run retries): %s", e.toString());
                    return 0;
                })
                .replaceWithVoid();
    }

    /** Ends every idle conversation (in batches) and queues each for scoring; returns how many were ended. */
    public Uni<Integer> sweepOnce() {
        return batch(0, 0);
    }

    private Uni<Integer> batch(int done, int round) {
        int size = Math.max(1, settings.sweep().batchSize());
        return repository.endIdle(settings.inactivityTimeout(), size).chain(ids -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(done);
            }
            // after the commit: a process entry read before it would score the conversation as still open
            return publish(ids).chain(() -> ids.size() < size || round + 1 >= MAX_BATCHES
                    ? Uni.createFrom().item(done + ids.size())
                    : batch(done + ids.size(), round + 1));
        });
    }

    private Uni<Integer> publish(java.util.List<UUID> ids) {
        return publisher.request(ids, ProcessEvent.REASON_INACTIVITY)
                .onFailure().retry().withBackOff(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(2)).atMost(3)
                .onFailure().invoke(e -> Log.errorf(e, "%d conversation(s) ended by inactivity could not be queued for re-scoring", ids.size()));
    }
}
