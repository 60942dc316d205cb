package com.convosensei.processor.patterns;

import com.convosensei.contracts.stream.PatternRunRequest;
import com.convosensei.contracts.stream.PatternStreams;
import com.convosensei.contracts.stream.Streams;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The weekly scheduled run (cron {@code sensei.patterns.cron}) and the reaper of runs a stopped processor left
 * behind. Every replica's scheduler fires; the single-active-run index lets exactly one of them queue the run.
 */
@ApplicationScoped
public class PatternScheduler {

    private final PatternRunRepository runs;
    private final PatternsConfig config;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final ObjectMapper mapper;

    public PatternScheduler(PatternRunRepository runs, PatternsConfig config, ReactiveRedisDataSource redis,
                            ObjectMapper mapper) {
        this.runs = runs;
        this.config = config;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.mapper = mapper;
    }

    @Scheduled(identity = "patterns-weekly", cron = "${sensei.patterns.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> weekly() {
        return queueScheduledRun()
                .invoke(id -> {
                    if (id == null) {
                        Log.info("scheduled pattern run skipped: a run is already queued or running");
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    Log.errorf(e, "could not queue the scheduled pattern run");
                    return null;
                })
                .replaceWithVoid();
    }

    /** Inserts a 'scheduled' run and requests it on the stream; null when another run is active. */
    public Uni<UUID> queueScheduledRun() {
        return runs.insertScheduled().chain(id -> {
            if (id == null) {
                return Uni.createFrom().nullItem();
            }
            String json;
            try {
                json = mapper.writeValueAsString(new PatternRunRequest(id, "schedule", Instant.now()));
            } catch (Exception e) {
                return Uni.createFrom().failure(e);
            }
            return streams.xadd(PatternStreams.PATTERNS, new XAddArgs().maxlen(10_000L).nearlyExactTrimming(),
                            Map.of(Streams.FIELD_PAYLOAD, json))
                    .replaceWith(id);
        });
    }

    @Scheduled(identity = "patterns-reaper", every = "${sensei.patterns.reaper-every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reap() {
        return reapOnce().onFailure().recoverWithItem(e -> {
            Log.warnf("pattern run reaper failed: %s", e.toString());
            return 0;
        }).replaceWithVoid();
    }

    /**
     * With the run lock free (so nobody is executing a run): a 'running' row is a leftover of a processor that
     * stopped mid-run, and a 'queued' row older than {@code stale-queued-after} lost its request. Both are marked
     * failed so the dashboard stops showing progress and a new run can be queued. Returns how many were marked.
     */
    public Uni<Integer> reapOnce() {
        return runs.pool().getConnection().chain(conn -> runs.tryLock(conn).chain(locked -> {
            if (!locked) {
                return Uni.createFrom().item(0);
            }
            return runs.active(conn)
                    .chain(active -> Multi.createFrom().iterable(active)
                            .onItem().transformToUniAndConcatenate(row -> {
                                UUID id = (UUID) row[0];
                                String status = (String) row[1];
                                double age = (Double) row[2];
                                if ("running".equals(status)) {
                                    Log.warnf("pattern run %s was left running by a stopped processor: marked failed", id);
                                    return runs.fail(conn, id, "interrupted: the processor running it stopped").replaceWith(1);
                                }
                                if (age > config.staleQueuedAfter().toSeconds()) {
                                    Log.warnf("pattern run %s was never picked up: marked failed", id);
                                    return runs.fail(conn, id, "never picked up: its request was lost; run it again").replaceWith(1);
                                }
                                return Uni.createFrom().item(0);
                            })
                            .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue)))
                    .eventually(() -> runs.unlock(conn).onFailure().recoverWithNull());
        }).eventually(conn::close));
    }
}
