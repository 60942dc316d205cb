package com.convosensei.processor.stream;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness of the stream consumers: down when a started loop died or has not completed an iteration for two minutes
 * (a loop iteration is at most one block + one batch). Per-consumer counters are in the check's data.
 */
@Liveness
@ApplicationScoped
public class StreamConsumersHealthCheck implements HealthCheck {

    static final Duration STALL = Duration.ofMinutes(2);

    private final StreamConsumers consumers;

    public StreamConsumersHealthCheck(StreamConsumers consumers) {
        this.consumers = consumers;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("stream-consumers").up();
        Instant stalledBefore = Instant.now().minus(STALL);
        for (StreamConsumer.Status s : consumers.statuses()) {
            boolean ok = s.running() && s.lastTick().isAfter(stalledBefore);
            if (!ok) {
                builder.down();
            }
            builder.withData(s.consumer(), (ok ? "up" : "down") + " stream=" + s.stream() + " processed="
                    + s.processed() + " dead_lettered=" + s.deadLettered() + " failures=" + s.failures()
                    + (s.lastError() == null ? "" : " last_error=" + s.lastError()));
        }
        return builder.build();
    }
}
