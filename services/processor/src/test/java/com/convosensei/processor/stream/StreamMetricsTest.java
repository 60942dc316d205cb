package com.convosensei.processor.stream;

import static com.convosensei.processor.stream.ProcessorTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.Scrape;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer meters, read from /q/metrics before and after real entries on a real Redis stream, through the shared
 * loop ({@link StreamConsumer}) with a probe handler whose entries say what to do: processed with its lag and batch
 * time, failed (error, transient), dead-lettered by reason, claimed with XAUTOCLAIM, and the pending / in-flight
 * gauges while a batch is held. Test config (application.properties, {@code metrics-probe}): claim-idle 1 s,
 * max-deliveries 2.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = ProcessorTestSupport.DB))
class StreamMetricsTest {

    static final String STREAM = "sensei:test:metrics";
    private static final Duration WAIT = Duration.ofSeconds(20);

    record Probe(String id, String mode) {
    }

    /** ok: done; fail: fails every time; nonretryable: refuses at once; transient: fails once (Redis blinked); hold: waits. */
    static final class ProbeHandler extends JsonStreamHandler<Probe> {
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        volatile CountDownLatch release = new CountDownLatch(0);
        volatile CountDownLatch holding = new CountDownLatch(0);

        ProbeHandler() {
            super("metrics-probe", STREAM, Probe.class, new ObjectMapper());
        }

        @Override
        public Uni<Void> process(List<Decoded<Probe>> batch) {
            for (Decoded<Probe> d : batch) {
                Probe p = d.value();
                switch (p.mode()) {
                    case "fail" -> {
                        return Uni.createFrom().failure(new IllegalStateException("probe fails"));
                    }
                    case "nonretryable" -> {
                        return Uni.createFrom().failure(new NonRetryableException("probe refuses"));
                    }
                    case "transient" -> {
                        if (seen.add(p.id())) {
                            return Uni.createFrom().failure(new UncheckedIOException(new IOException("blink")));
                        }
                    }
                    case "hold" -> {
                        holding.countDown();
                        return Uni.createFrom().item(true).emitOn(io.smallrye.mutiny.infrastructure.Infrastructure
                                .getDefaultWorkerPool()).invoke(() -> await(release)).replaceWithVoid();
                    }
                    default -> {
                    }
                }
            }
            return Uni.createFrom().voidItem();
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Inject
    RedisDataSource redis;
    @Inject
    StreamConsumers consumers;
    @Inject
    StreamMetrics metrics;

    private final ProbeHandler probe = new ProbeHandler();

    @BeforeEach
    void setUp() {
        redis.key().del(STREAM);
        redis.stream(String.class).xgroupCreate(STREAM, Streams.GROUP, "0", new XGroupCreateArgs().mkstream());
    }

    @AfterEach
    void tearDown() {
        probe.release.countDown();
        consumers.stop(probe.name());
        redis.key().del(STREAM);
    }

    private String xadd(String id, String mode) {
        return redis.stream(String.class).xadd(STREAM, Map.of(Streams.FIELD_PAYLOAD,
                "{\"id\":\"" + id + "\",\"mode\":\"" + mode + "\"}"));
    }

    private static String[] tags(String... more) {
        String[] base = {"stream", STREAM, "group", Streams.GROUP};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, tags(labels)) - before.value(name, tags(labels));
    }

    /**
     * Scrapes until {@code name}'s delta since {@code before} reaches {@code expected}; returns a scrape taken after
     * that one. A scrape is not atomic: it may read one meter before an increment and a later one after it, so the
     * scrape that first shows {@code name} can miss a meter recorded just before it (CI saw a dead-letter counted and
     * the failed attempt before it not). A scrape started after that sees everything recorded before it.
     */
    private static Scrape until(Scrape before, double expected, String name, String... labels) {
        ToDoubleFunction<Scrape> d = s -> delta(before, s, name, labels);
        waitUntil(WAIT, name + " +" + expected, () -> d.applyAsDouble(Scrape.now()) >= expected);
        return Scrape.now();
    }

    @Test
    void processedFailedDeadLetteredClaimed__eachCountedOnce_withLagAndBatchTime() {
        consumers.startAs(probe, "metrics-1");
        Scrape start = Scrape.now();

        for (int i = 0; i < 3; i++) {
            xadd("ok-" + i, "ok");
        }
        Scrape afterOk = until(start, 3, "sensei_stream_processed_total");
        assertThat(delta(start, afterOk, "sensei_stream_processed_total")).isEqualTo(3);
        assertThat(delta(start, afterOk, "sensei_stream_lag_seconds_count")).as("one lag per processed entry").isEqualTo(3);
        assertThat(afterOk.has("sensei_stream_lag_seconds_bucket", tags("le", "3600.0"))).isTrue();
        assertThat(delta(start, afterOk, "sensei_stream_batch_duration_seconds_count", "outcome", "success")).isPositive();
        assertThat(delta(start, afterOk, "sensei_stream_failed_total")).isZero();

        // unreadable: DLQ at once; non-retryable: one failed attempt, then DLQ
        redis.stream(String.class).xadd(STREAM, Map.of(Streams.FIELD_PAYLOAD, "not json"));
        xadd("nr", "nonretryable");
        Scrape afterBad = until(afterOk, 2, "sensei_stream_dead_lettered_total");
        assertThat(delta(afterOk, afterBad, "sensei_stream_dead_lettered_total", "reason", "undecodable")).isEqualTo(1);
        assertThat(delta(afterOk, afterBad, "sensei_stream_dead_lettered_total", "reason", "non_retryable")).isEqualTo(1);
        assertThat(delta(afterOk, afterBad, "sensei_stream_failed_total", "kind", "error")).isEqualTo(1);
        assertThat(delta(afterOk, afterBad, "sensei_stream_batch_duration_seconds_count", "outcome", "failure")).isEqualTo(1);
        assertThat(delta(afterOk, afterBad, "sensei_stream_processed_total")).isZero();

        // failing every time: delivery 1 fails, XAUTOCLAIM hands it over again after claim-idle, delivery 2 is the cap
        xadd("poison", "fail");
        Scrape afterPoison = until(afterBad, 1, "sensei_stream_dead_lettered_total", "reason", "max_deliveries");
        assertThat(delta(afterBad, afterPoison, "sensei_stream_failed_total", "kind", "error")).isEqualTo(2);
        assertThat(delta(afterBad, afterPoison, "sensei_stream_claimed_total")).isEqualTo(1);

        // a transient failure is retried in place: one failed attempt of kind transient, then processed
        xadd("blink", "transient");
        Scrape afterBlink = until(afterPoison, 1, "sensei_stream_processed_total");
        assertThat(delta(afterPoison, afterBlink, "sensei_stream_failed_total", "kind", "transient")).isEqualTo(1);
        assertThat(delta(afterPoison, afterBlink, "sensei_stream_failed_total", "kind", "error")).isZero();

        // taken over from a consumer that read two entries and died (this loop stopped meanwhile, so it cannot race)
        consumers.stop(probe.name());
        xadd("orphan-1", "ok");
        xadd("orphan-2", "ok");
        assertThat(redis.stream(String.class).xreadgroup(Streams.GROUP, "ghost", STREAM, ">",
                new XReadGroupArgs().count(10))).hasSize(2);
        consumers.startAs(probe, "metrics-1b");
        Scrape afterOrphans = until(afterBlink, 2, "sensei_stream_processed_total");
        assertThat(delta(afterBlink, afterOrphans, "sensei_stream_claimed_total")).isEqualTo(2);
        assertThat(delta(afterBlink, afterOrphans, "sensei_stream_processed_total")).isEqualTo(2);
        assertThat(delta(start, afterOrphans, "sensei_stream_dead_lettered_total")).isEqualTo(3);
    }

    @Test
    void pendingAndInFlight__gaugesWhileABatchIsHeld__zeroOnceDone() throws Exception {
        probe.holding = new CountDownLatch(1);
        probe.release = new CountDownLatch(1);
        consumers.startAs(probe, "metrics-2");
        String first = xadd("h1", "hold");
        String second = xadd("h2", "hold");
        assertThat(probe.holding.await(10, TimeUnit.SECONDS)).as("the handler holds the batch").isTrue();
        Thread.sleep(1100); // the oldest entry is over a second old now
        metrics.pollNow();
        Scrape held = Scrape.now();
        double pending = held.value("sensei_stream_pending", tags());
        assertThat(pending).as("the held entries (both, or the first batch)").isBetween(1.0, 2.0);
        assertThat(held.value("sensei_stream_pending_oldest_seconds", tags())).isGreaterThanOrEqualTo(1.0);
        assertThat(held.value("sensei_stream_in_flight_oldest_seconds", tags())).isGreaterThanOrEqualTo(1.0);
        assertThat(held.value("sensei_stream_backlog", tags())).isEqualTo(2 - pending);
        assertThat(StreamMetrics.timestampOf(first)).isPositive();

        probe.release.countDown();
        waitUntil(WAIT, "both processed", () -> ProcessorTestSupport.drained(redis, STREAM, second)
                && ProcessorTestSupport.pending(redis, STREAM) == 0);
        metrics.pollNow();
        Scrape done = Scrape.now();
        assertThat(done.value("sensei_stream_pending", tags())).isZero();
        assertThat(done.value("sensei_stream_pending_oldest_seconds", tags())).isZero();
        assertThat(done.value("sensei_stream_backlog", tags())).isZero();
        waitUntil(WAIT, "nothing in flight", () -> Scrape.now().value("sensei_stream_in_flight_oldest_seconds", tags()) == 0);
    }
}
