package com.convosensei.processor.stream;

import com.convosensei.contracts.stream.Streams;
import com.convosensei.processor.config.ConsumersConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.RedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One read loop of one {@link StreamHandler} under one consumer name in group {@code processor}. Created and managed by
 * {@link StreamConsumers}; runs on its own thread, which blocks on Redis and on the handler's work (the work itself
 * runs on a Vert.x duplicated context). Loop:
 * <ol>
 *   <li>once: XGROUP CREATE ... 0 MKSTREAM (BUSYGROUP ignored); re-read this consumer's own pending entries (a
 *   restart with the same stable name resumes what it had in hand);</li>
 *   <li>every {@code claim-interval}: XAUTOCLAIM entries idle longer than {@code claim-idle} (their consumer died or
 *   hangs) and handle them like new ones;</li>
 *   <li>XREADGROUP ... COUNT batch-size BLOCK block STREAMS stream &gt; and handle the batch;</li>
 *   <li>handle = decode (unreadable → DLQ), drop entries past {@code max-deliveries} into the DLQ, run
 *   {@link StreamHandler#process} while keeping the entries' idle time low (so a slow batch is not taken over), XACK
 *   after it succeeded (i.e. after the commit). Failures: see {@link StreamHandler#process}.</li>
 * </ol>
 * Stopping lets the current batch finish, then removes the consumer from the group if it holds nothing pending.
 * Every outcome above is also a meter of its stream ({@link StreamMetrics}): processed, failed, dead-lettered (by
 * reason), claimed, the batch time and each processed entry's end-to-end lag.
 */
public final class StreamConsumer<T> {

    private static final long MIN_BACKOFF_MS = 250;
    /** Dead-letter reasons ({@code reason} tag of {@link com.convosensei.platform.metrics.MetricNames#STREAM_DEAD_LETTERED}). */
    static final String REASON_UNDECODABLE = "undecodable";
    static final String REASON_MAX_DELIVERIES = "max_deliveries";
    static final String REASON_NON_RETRYABLE = "non_retryable";
    /** Upper bound for one non-blocking Redis command before the loop treats Redis as down. */
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(10);

    private final StreamHandler<T> handler;
    private final ConsumersConfig.Consumer config;
    private final StreamOps ops;
    private final Tracer tracer;
    private final Vertx vertx;
    private final StreamMetrics metrics;
    private final String name;
    private final String group = Streams.GROUP;

    private volatile boolean running;
    private volatile Thread thread;
    private io.vertx.core.Context root;
    private RedisConnection connection;
    private String claimCursor = "0-0";
    private long nextClaimAt;

    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Instant lastTick = Instant.now();
    private volatile String lastError;
    /** Id timestamp (ms) of the oldest entry in hand, 0 when none: the in-flight gauge reads it. */
    private volatile long inFlightSince;
    private StreamMetrics.Meters meters;

    StreamConsumer(StreamHandler<T> handler, ConsumersConfig.Consumer config, StreamOps ops, Tracer tracer,
                   Vertx vertx, StreamMetrics metrics, String name) {
        this.handler = handler;
        this.config = config;
        this.ops = ops;
        this.tracer = tracer;
        this.vertx = vertx;
        this.metrics = metrics;
        this.name = name;
    }

    /** The consumer name inside the group. */
    public String name() {
        return name;
    }

    public StreamHandler<T> handler() {
        return handler;
    }

    public boolean running() {
        return running && thread != null && thread.isAlive();
    }

    /** Id timestamp (epoch ms) of the oldest entry this loop is working on; 0 when it holds none. */
    long inFlightSince() {
        return inFlightSince;
    }

    /** Snapshot for health checks and logs. */
    public record Status(String handler, String consumer, String stream, boolean running, long processed,
                         long deadLettered, long failures, Instant lastTick, String lastError) {
    }

    public Status status() {
        return new Status(handler.name(), name, handler.stream(), running(), processed.get(), deadLettered.get(),
                failures.get(), lastTick, lastError);
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        meters = metrics.register(this, handler.stream(), group);
        root = vertx.getOrCreateContext();
        Thread t = new Thread(this::loop, "consumer-" + name);
        t.setDaemon(true);
        thread = t;
        t.start();
        Log.infof("stream consumer %s started on %s (group %s)", name, handler.stream(), group);
    }

    /**
     * Stops reading, waits for the batch in hand to finish (up to {@code timeout}), then XGROUP DELCONSUMER if this
     * consumer holds no pending entries (otherwise they stay for XAUTOCLAIM or this name's next start).
     */
    synchronized void stop(Duration timeout) {
        if (thread == null) {
            return;
        }
        running = false;
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean finished = !thread.isAlive();
        closeConnection();
        thread = null;
        metrics.unregister(this, handler.stream(), group);
        if (!finished) {
            Log.warnf("stream consumer %s did not finish its batch within %s; its entries stay pending", name, timeout);
            return;
        }
        try {
            int pending = ops.pendingOf(handler.stream(), group, name).await().atMost(REDIS_TIMEOUT);
            if (pending == 0) {
                ops.deleteConsumer(handler.stream(), group, name).await().atMost(REDIS_TIMEOUT);
                Log.infof("stream consumer %s stopped and left group %s", name, group);
            } else {
                Log.infof("stream consumer %s stopped holding %d pending entries (kept for XAUTOCLAIM)", name, pending);
            }
        } catch (RuntimeException e) {
            Log.warnf("stream consumer %s stopped; could not clean up its group membership: %s", name, e.toString());
        }
    }

    private void loop() {
        long backoff = MIN_BACKOFF_MS;
        boolean groupReady = false;
        boolean recovered = false;
        while (running) {
            try {
                if (!groupReady) {
                    await(ops.ensureGroup(handler.stream(), group));
                    groupReady = true;
                }
                if (!recovered) {
                    recoverOwnPending();
                    recovered = true;
                }
                if (System.nanoTime() - nextClaimAt >= 0) {
                    List<StreamEntry> claimed = claimIdle();
                    if (!claimed.isEmpty()) {
                        handle(claimed);
                        continue;
                    }
                }
                List<StreamEntry> fresh = await(ops.read(connection(), handler.stream(), group, name,
                        config.batchSize(), config.block(), ">"), config.block().plus(REDIS_TIMEOUT));
                // read entries are ours now: handle them even if a stop was requested meanwhile
                if (!fresh.isEmpty()) {
                    handle(fresh);
                }
                lastTick = Instant.now();
                backoff = MIN_BACKOFF_MS;
            } catch (Throwable e) {
                if (!running) {
                    break;
                }
                failures.incrementAndGet();
                lastError = describe(e);
                Log.warnf("stream consumer %s: %s; retrying in %d ms", name, lastError, backoff);
                closeConnection();
                groupReady = false; // the stream or group may have been deleted: create it again
                pause(backoff);
                backoff = Math.min(backoff * 2, config.maxBackoff().toMillis());
            }
        }
    }

    /** This name's own pending entries (from before a restart), oldest first. */
    private void recoverOwnPending() {
        String after = "0";
        while (running) {
            List<StreamEntry> mine = await(ops.read(connection(), handler.stream(), group, name, config.batchSize(),
                    null, after));
            if (mine.isEmpty()) {
                return;
            }
            after = mine.get(mine.size() - 1).id();
            Log.infof("stream consumer %s resumes %d entries it held before", name, mine.size());
            handle(await(ops.withDeliveries(mine, group, name)));
        }
    }

    private List<StreamEntry> claimIdle() {
        StreamOps.Claimed page = await(ops.claim(handler.stream(), group, name, config.claimIdle(), claimCursor,
                config.batchSize()));
        claimCursor = page.nextCursor() == null ? "0-0" : page.nextCursor();
        if ("0-0".equals(claimCursor)) {
            nextClaimAt = System.nanoTime() + config.claimInterval().toNanos();
        }
        if (page.entries().isEmpty()) {
            return List.of();
        }
        Log.infof("stream consumer %s took over %d idle entries", name, page.entries().size());
        meters.claimed(page.entries().size());
        return await(ops.withDeliveries(page.entries(), group, name));
    }

    private void handle(List<StreamEntry> entries) {
        List<Decoded<T>> decoded = new ArrayList<>(entries.size());
        List<String> gone = new ArrayList<>();
        for (StreamEntry entry : entries) {
            if (entry.fields().isEmpty()) {
                gone.add(entry.id()); // trimmed or deleted after delivery: nothing left to do
                continue;
            }
            if (entry.deliveries() > config.maxDeliveries()) {
                deadLetter(entry, REASON_MAX_DELIVERIES, "delivered " + entry.deliveries() + " times without success (limit "
                        + config.maxDeliveries() + ")");
                continue;
            }
            try {
                decoded.add(new Decoded<>(entry, handler.decode(entry)));
            } catch (Throwable e) {
                deadLetter(entry, REASON_UNDECODABLE, "undecodable: " + describe(e));
            }
        }
        if (!gone.isEmpty()) {
            await(ops.ack(handler.stream(), group, gone));
        }
        if (decoded.isEmpty()) {
            return;
        }
        // while this loop works on (or waits to retry) these entries, keep their idle time low so XAUTOCLAIM elsewhere
        // does not take them over just because the work outlasts claim-idle
        List<String> ids = decoded.stream().map(d -> d.entry().id()).toList();
        inFlightSince = ids.stream().mapToLong(StreamMetrics::timestampOf).filter(t -> t > 0).min().orElse(0);
        long keepAlive = vertx.setPeriodic(Math.max(100, config.claimIdle().toMillis() / 3), timer ->
                ops.keepAlive(handler.stream(), group, name, ids).subscribe().with(ok -> { },
                        e -> Log.debugf("stream consumer %s: keep-alive failed: %s", name, e.toString())));
        try {
            attempt(decoded);
        } finally {
            vertx.cancelTimer(keepAlive);
            inFlightSince = 0;
        }
    }

    private void attempt(List<Decoded<T>> batch) {
        long backoff = MIN_BACKOFF_MS;
        while (true) {
            Throwable failure = runProcess(batch);
            if (failure == null) {
                await(ops.ack(handler.stream(), group, batch.stream().map(d -> d.entry().id()).toList()));
                processed.addAndGet(batch.size());
                meters.processed(batch);
                return;
            }
            failures.incrementAndGet();
            lastError = describe(failure);
            boolean transientFailure = handler.isTransient(failure);
            meters.failed(batch.size(), transientFailure);
            if (transientFailure) {
                lastTick = Instant.now(); // alive, waiting for a dependency
                if (!running) {
                    return; // stays pending: this name's next start, or another consumer, takes it
                }
                Log.warnf("stream consumer %s: transient failure on %d entries (%s); retrying in %d ms", name,
                        batch.size(), lastError, backoff);
                pause(backoff);
                backoff = Math.min(backoff * 2, config.maxBackoff().toMillis());
                continue;
            }
            if (batch.size() > 1) {
                Log.warnf("stream consumer %s: batch of %d failed (%s); retrying entry by entry", name, batch.size(),
                        lastError);
                for (Decoded<T> one : batch) {
                    attempt(List.of(one));
                }
                return;
            }
            StreamEntry entry = batch.get(0).entry();
            if (nonRetryable(failure) || entry.deliveries() >= config.maxDeliveries()) {
                deadLetter(entry, nonRetryable(failure) ? REASON_NON_RETRYABLE : REASON_MAX_DELIVERIES, lastError);
            } else {
                Log.warnf("stream consumer %s: %s failed (%s); retried after %s", name, entry, lastError,
                        config.claimIdle());
            }
            return;
        }
    }

    /** Runs the handler on a fresh duplicated context inside one consumer span per entry; null on success. */
    private Throwable runProcess(List<Decoded<T>> batch) {
        List<Span> spans = new ArrayList<>(batch.size());
        for (Decoded<T> d : batch) {
            StreamEntry e = d.entry();
            spans.add(tracer.spanBuilder(handler.stream() + " process")
                    .setParent(e.traceContext())
                    .setSpanKind(SpanKind.CONSUMER)
                    .setAttribute("messaging.system", "redis")
                    .setAttribute("messaging.operation.type", "process")
                    .setAttribute("messaging.destination.name", handler.stream())
                    .setAttribute("messaging.consumer.group.name", group)
                    .setAttribute("messaging.message.id", e.id())
                    .setAttribute("messaging.batch.message_count", (long) batch.size())
                    .setAttribute("sensei.consumer", name)
                    .setAttribute("sensei.deliveries", e.deliveries())
                    .startSpan());
        }
        Context otel = batch.get(0).entry().traceContext().with(spans.get(0));
        long started = System.nanoTime();
        try {
            onDuplicatedContext(() -> handler.process(batch), otel).await().atMost(config.batchTimeout());
            meters.batch(System.nanoTime() - started, true);
            spans.forEach(Span::end);
            return null;
        } catch (Throwable t) {
            meters.batch(System.nanoTime() - started, false);
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            for (Span span : spans) {
                span.recordException(cause);
                span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
                span.end();
            }
            return cause;
        }
    }

    private Uni<Void> onDuplicatedContext(Supplier<Uni<Void>> work, Context otel) {
        io.vertx.core.Context context = VertxContext.createNewDuplicatedContext(root);
        // marks the context as a safe, isolated one, as Hibernate Reactive requires outside requests
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> {
            try {
                // stored in this (throw-away) duplicated context, so it stays current across the async steps
                otel.makeCurrent();
                work.get().subscribe().with(emitter::complete, emitter::fail);
            } catch (Throwable t) {
                emitter.fail(t);
            }
        }));
    }

    private void deadLetter(StreamEntry entry, String reason, String error) {
        await(ops.deadLetter(entry, group, name, error));
        deadLettered.incrementAndGet();
        meters.deadLettered(reason);
        Log.errorf("stream consumer %s: %s moved to %s: %s", name, entry, Streams.DLQ, error);
    }

    private RedisConnection connection() {
        if (connection == null) {
            connection = await(ops.connect());
        }
        return connection;
    }

    private void closeConnection() {
        RedisConnection c = connection;
        connection = null;
        if (c != null) {
            c.closeAndForget();
        }
    }

    private static boolean nonRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NonRetryableException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static <R> R await(Uni<R> uni) {
        return await(uni, REDIS_TIMEOUT);
    }

    private static <R> R await(Uni<R> uni, Duration timeout) {
        return uni.await().atMost(timeout);
    }

    /** Sleeps, waking early when the consumer is stopped. */
    private void pause(long millis) {
        long end = System.currentTimeMillis() + millis;
        while (running && System.currentTimeMillis() < end) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, end - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
