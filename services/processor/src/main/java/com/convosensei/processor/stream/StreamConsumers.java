package com.convosensei.processor.stream;

import com.convosensei.processor.config.ConsumersConfig;
import com.convosensei.processor.config.StreamConfig;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts a {@link StreamConsumer} for every {@link StreamHandler} bean whose {@code sensei.consumers.<name>.enabled}
 * is true ({@code concurrency} loops each, named {@code <instance>-<handler>-<i>}), and stops them all, gracefully,
 * at shutdown. Tests disable consumers by config and start them here by hand.
 */
@ApplicationScoped
public class StreamConsumers {

    private final Map<String, StreamHandler<?>> handlers = new ConcurrentHashMap<>();
    private final List<StreamConsumer<?>> running = new CopyOnWriteArrayList<>();
    private final ConsumersConfig consumersConfig;
    private final StreamOps ops;
    private final Tracer tracer;
    private final Vertx vertx;
    private final StreamMetrics metrics;
    private final String instance;

    public StreamConsumers(@All List<StreamHandler<?>> handlers, ConsumersConfig consumersConfig,
                           StreamConfig streamConfig, StreamOps ops, Tracer tracer, Vertx vertx,
                           StreamMetrics metrics) {
        for (StreamHandler<?> h : handlers) {
            if (this.handlers.putIfAbsent(h.name(), h) != null) {
                throw new IllegalStateException("two stream handlers are named " + h.name());
            }
        }
        this.consumersConfig = consumersConfig;
        this.ops = ops;
        this.tracer = tracer;
        this.vertx = vertx;
        this.metrics = metrics;
        this.instance = streamConfig.consumerName().filter(s -> !s.isBlank()).orElseGet(StreamConsumers::hostName);
    }

    void onStart(@Observes StartupEvent event) {
        for (StreamHandler<?> h : handlers.values()) {
            if (consumersConfig.of(h.name()).enabled()) {
                start(h.name());
            } else {
                Log.infof("stream consumer %s is disabled (sensei.consumers.%s.enabled=false)", h.name(), h.name());
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopAll();
    }

    /** This instance's stable name inside consumer groups. */
    public String instanceName() {
        return instance;
    }

    /** Starts the configured number of loops for a handler under the standard names; returns them. */
    public synchronized List<StreamConsumer<?>> start(String handlerName) {
        ConsumersConfig.Consumer config = consumersConfig.of(handlerName);
        List<StreamConsumer<?>> started = new ArrayList<>();
        for (int i = 0; i < Math.max(1, config.concurrency()); i++) {
            started.add(startAs(handlerName, instance + "-" + handlerName + "-" + i));
        }
        return started;
    }

    /** Starts one loop for a handler under an explicit consumer name (tests, tooling). */
    public synchronized StreamConsumer<?> startAs(String handlerName, String consumerName) {
        StreamHandler<?> handler = handlers.get(handlerName);
        if (handler == null) {
            throw new IllegalArgumentException("no stream handler named " + handlerName + "; known: " + handlers.keySet());
        }
        for (StreamConsumer<?> c : running) {
            if (c.name().equals(consumerName)) {
                return c;
            }
        }
        StreamConsumer<?> consumer = new StreamConsumer<>(handler, consumersConfig.of(handlerName), ops, tracer, vertx,
                metrics, consumerName);
        running.add(consumer);
        consumer.start();
        return consumer;
    }

    /**
     * Starts one loop for a handler that is not a bean (tests, tooling); settings come from
     * {@code sensei.consumers.<handler.name()>}. Stopped with {@link #stop(String)} by that name, or at shutdown.
     */
    public synchronized <T> StreamConsumer<T> startAs(StreamHandler<T> handler, String consumerName) {
        StreamConsumer<T> consumer = new StreamConsumer<>(handler, consumersConfig.of(handler.name()), ops, tracer,
                vertx, metrics, consumerName);
        running.add(consumer);
        consumer.start();
        return consumer;
    }

    /** Gracefully stops every loop of a handler. */
    public void stop(String handlerName) {
        stopWhere(c -> c.handler().name().equals(handlerName));
    }

    public void stopAll() {
        stopWhere(c -> true);
    }

    public List<StreamConsumer.Status> statuses() {
        return running.stream().map(StreamConsumer::status).toList();
    }

    private void stopWhere(java.util.function.Predicate<StreamConsumer<?>> which) {
        List<StreamConsumer<?>> stopping = running.stream().filter(which).toList();
        running.removeAll(stopping);
        // stop in parallel: each waits for its own batch
        List<Thread> threads = new ArrayList<>();
        for (StreamConsumer<?> c : stopping) {
            Duration timeout = consumersConfig.of(c.handler().name()).batchTimeout().plusSeconds(5);
            Thread t = new Thread(() -> c.stop(timeout), "stop-" + c.name());
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String hostName() {
        for (String env : List.of("SENSEI_CONSUMER_NAME", "HOSTNAME")) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "processor";
        }
    }
}
