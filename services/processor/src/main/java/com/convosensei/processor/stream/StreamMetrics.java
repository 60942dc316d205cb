package com.convosensei.processor.stream;

import com.convosensei.platform.metrics.MetricNames;
import com.convosensei.platform.metrics.MetricsSetup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;

/**
 * The meters of every {@link StreamConsumer} (names in {@link MetricNames}, tags stream + group): the loop records
 * processed / failed / dead-lettered / claimed, the batch time and each entry's end-to-end lag through the
 * {@link Meters} of its stream; this bean adds the gauges — the oldest entry in hand in this instance, and the group's
 * pending count, oldest pending age and backlog, read from Redis by {@link #poll} every
 * {@code sensei.metrics.stream-poll-every} (one XPENDING summary and one XINFO GROUPS per stream, never per entry).
 * The group-level gauges are the same in every replica: aggregate them with {@code max}, not {@code sum}.
 */
@ApplicationScoped
public class StreamMetrics {

    private final MeterRegistry registry;
    private final StreamOps ops;
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();
    private final Map<String, Set<StreamConsumer<?>>> consumers = new ConcurrentHashMap<>();
    private final Map<String, GroupState> groups = new ConcurrentHashMap<>();

    public StreamMetrics(MeterRegistry registry, StreamOps ops) {
        this.registry = registry;
        this.ops = ops;
    }

    /** The meters a consumer loop records into; shared by every loop of the same stream and group. */
    public final class Meters {
        private final Tags tags;
        private final Counter processed;
        private final Counter failedTransient;
        private final Counter failedError;
        private final Counter claimed;
        private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();
        private final Timer batchSuccess;
        private final Timer batchFailure;
        private final Timer lag;

        private Meters(String stream, String group) {
            this.tags = Tags.of(MetricNames.TAG_STREAM, stream, MetricNames.TAG_GROUP, group);
            this.processed = Counter.builder(MetricNames.STREAM_PROCESSED).tags(tags)
                    .description("stream entries processed and acknowledged").register(registry);
            this.failedTransient = failed("transient");
            this.failedError = failed("error");
            this.claimed = Counter.builder(MetricNames.STREAM_CLAIMED).tags(tags)
                    .description("stream entries taken over with XAUTOCLAIM").register(registry);
            this.batchSuccess = batch("success");
            this.batchFailure = batch("failure");
            this.lag = Timer.builder(MetricNames.STREAM_LAG).tags(tags)
                    .description("end-to-end lag of each processed entry: acknowledged-at minus its id's timestamp")
                    .serviceLevelObjectives(MetricsSetup.LAG_BUCKETS).register(registry);
        }

        private Counter failed(String kind) {
            return Counter.builder(MetricNames.STREAM_FAILED).tags(tags).tag(MetricNames.TAG_KIND, kind)
                    .description("entries in a handler attempt that failed").register(registry);
        }

        private Timer batch(String outcome) {
            return Timer.builder(MetricNames.STREAM_BATCH_DURATION).tags(tags).tag(MetricNames.TAG_OUTCOME, outcome)
                    .description("one handler call on a batch").serviceLevelObjectives(MetricsSetup.LATENCY_BUCKETS)
                    .register(registry);
        }

        /** A batch the handler processed and that was acknowledged: counts it, and each entry's lag as of now. */
        void processed(List<? extends Decoded<?>> batch) {
            long now = System.currentTimeMillis();
            for (Decoded<?> d : batch) {
                long written = timestampOf(d.entry().id());
                if (written > 0) {
                    lag.record(Math.max(0, now - written), TimeUnit.MILLISECONDS);
                }
            }
            processed.increment(batch.size()); // after the lags: a reader that sees the count sees them
        }

        void failed(int entries, boolean transientFailure) {
            (transientFailure ? failedTransient : failedError).increment(entries);
        }

        void claimed(int entries) {
            claimed.increment(entries);
        }

        void deadLettered(String reason) {
            deadLettered.computeIfAbsent(reason, r -> Counter.builder(MetricNames.STREAM_DEAD_LETTERED).tags(tags)
                    .tag(MetricNames.TAG_REASON, r).description("entries moved to sensei:dlq").register(registry))
                    .increment();
        }

        void batch(long nanos, boolean success) {
            (success ? batchSuccess : batchFailure).record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Called by each loop as it starts: its meters, and its stream's gauges from now on. */
    Meters register(StreamConsumer<?> consumer, String stream, String group) {
        String key = stream + "\u0000" + group;
        Meters m = meters.computeIfAbsent(key, k -> new Meters(stream, group));
        consumers.computeIfAbsent(key, k -> {
            Tags tags = Tags.of(MetricNames.TAG_STREAM, stream, MetricNames.TAG_GROUP, group);
            Gauge.builder(MetricNames.STREAM_IN_FLIGHT_OLDEST, this, self -> self.oldestInFlightSeconds(key))
                    .tags(tags).baseUnit("seconds")
                    .description("age of the oldest entry this instance is working on (0 when idle)")
                    .register(registry);
            GroupState state = new GroupState(stream, group);
            groups.put(key, state);
            Gauge.builder(MetricNames.STREAM_PENDING, state, s -> s.pending).tags(tags)
                    .description("entries delivered to the group and not yet acknowledged (XPENDING)")
                    .register(registry);
            Gauge.builder(MetricNames.STREAM_PENDING_OLDEST, state, GroupState::oldestPendingSeconds).tags(tags)
                    .baseUnit("seconds").description("age of the oldest pending entry (0 when none)")
                    .register(registry);
            Gauge.builder(MetricNames.STREAM_BACKLOG, state, s -> s.backlog).tags(tags)
                    .description("entries not yet delivered to the group (XINFO GROUPS lag)").register(registry);
            return new CopyOnWriteArraySet<>();
        }).add(consumer);
        return m;
    }

    /** A stopped loop no longer counts towards the in-flight gauge (the group gauges stay: the group still exists). */
    void unregister(StreamConsumer<?> consumer, String stream, String group) {
        Set<StreamConsumer<?>> set = consumers.get(stream + "\u0000" + group);
        if (set != null) {
            set.remove(consumer);
        }
    }

    private double oldestInFlightSeconds(String key) {
        long oldest = Long.MAX_VALUE;
        for (StreamConsumer<?> c : consumers.getOrDefault(key, Set.of())) {
            long since = c.inFlightSince();
            if (since > 0 && since < oldest) {
                oldest = since;
            }
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
    }

    /**
     * Refreshes the pending count, oldest pending age and backlog of every stream a loop of this instance consumes.
     * A stream or group that does not exist (yet) reads 0 pending; an unreachable Redis leaves the last values.
     */
    @Scheduled(every = "${sensei.metrics.stream-poll-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        if (groups.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> reads = groups.values().stream().map(this::refresh).toList();
        return Uni.join().all(reads).andCollectFailures().replaceWithVoid()
                .onFailure().invoke(e -> Log.debugf("stream metrics poll failed: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    /** For tests: one poll now, awaited. */
    public void pollNow() {
        poll().await().atMost(Duration.ofSeconds(10));
    }

    private Uni<Void> refresh(GroupState state) {
        return ops.groupState(state.stream, state.group).invoke(read -> {
            state.pending = read.pending();
            state.oldestPendingMillis = read.oldestPendingId() == null ? 0 : timestampOf(read.oldestPendingId());
            state.backlog = read.backlog() == null ? Double.NaN : read.backlog();
        }).replaceWithVoid();
    }

    /** The millisecond part of a stream id ({@code 1718000000000-0}); 0 when it is not one. */
    static long timestampOf(String id) {
        int dash = id.indexOf('-');
        try {
            return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Last polled state of one stream's group, read by the gauges. */
    private static final class GroupState {
        private final String stream;
        private final String group;
        private volatile double pending = Double.NaN;
        private volatile long oldestPendingMillis;
        private volatile double backlog = Double.NaN;

        private GroupState(String stream, String group) {
            this.stream = stream;
            this.group = group;
        }

        private double oldestPendingSeconds() {
            long oldest = oldestPendingMillis;
            return oldest <= 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
        }
    }
}
