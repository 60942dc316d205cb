package com.convosensei.ingestion.service;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.platform.error.ApiException;
import com.convosensei.platform.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The intake counters ({@link MetricNames#INTAKE_ACCEPTED}, {@link MetricNames#INTAKE_REFUSED}), counted in items
 * where the outcome is decided, once per item:
 * <ul>
 *   <li>the {@link IntakePipeline} counts every item it was given (accepted, or refused with its error code:
 *   validation_failed, forbidden, service_unavailable...), or all of them when the pipeline itself failed;</li>
 *   <li>the resources count what they refuse before the pipeline: a bad API key, an unreadable body or a malformed
 *   batch (one item: its items are unknown), the rate limit (the request's items), OTLP spans the mapper rejected;</li>
 *   <li>{@code BodyLimitRoute} (413) and the 415 mapper count one refused item for the door.</li>
 * </ul>
 */
@Singleton
public class IntakeMetrics {

    /** The intake doors, as the {@value MetricNames#TAG_ENDPOINT} tag. */
    public enum Endpoint {
        TRACK("track"), TRACK_BATCH("track_batch"), FEEDBACK("feedback"), FEEDBACK_BATCH("feedback_batch"),
        OTLP("otlp");

        private final String tag;

        Endpoint(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }

        /** The door a request path is, or null for a path that is none. */
        public static Endpoint ofPath(String path) {
            if (path == null) {
                return null;
            }
            return switch (path) {
                case ApiPaths.TRACK -> TRACK;
                case ApiPaths.TRACK_BATCH -> TRACK_BATCH;
                case ApiPaths.FEEDBACK -> FEEDBACK;
                case ApiPaths.FEEDBACK_BATCH -> FEEDBACK_BATCH;
                case ApiPaths.OTLP_TRACES -> OTLP;
                default -> null;
            };
        }
    }

    private final MeterRegistry registry;
    private final Map<Endpoint, Counter> accepted = new EnumMap<>(Endpoint.class);
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        // registered up front so every door reads 0 (not "no data") before its first item
        for (Endpoint e : Endpoint.values()) {
            accepted.put(e, Counter.builder(MetricNames.INTAKE_ACCEPTED).tag(MetricNames.TAG_ENDPOINT, e.tag())
                    .description("intake items accepted (streamed)").register(registry));
        }
    }

    public void accepted(Endpoint endpoint, int items) {
        if (items > 0) {
            accepted.get(endpoint).increment(items);
        }
    }

    public void refused(Endpoint endpoint, String reason, int items) {
        if (items <= 0) {
            return;
        }
        refused.computeIfAbsent(endpoint.tag() + "/" + reason, k -> Counter.builder(MetricNames.INTAKE_REFUSED)
                        .tag(MetricNames.TAG_ENDPOINT, endpoint.tag()).tag(MetricNames.TAG_REASON, reason)
                        .description("intake items refused, by error code").register(registry))
                .increment(items);
    }

    /** Counts {@code items} refused for the failure's error code ({@code internal_error} when it is no ApiException). */
    public void refused(Endpoint endpoint, Throwable failure, int items) {
        refused(endpoint, failure instanceof ApiException api && api.error() != null && api.error().code() != null
                ? api.error().code() : ErrorCodes.INTERNAL, items);
    }

    /** Counts each pipeline outcome: accepted, or refused with its error code. */
    public <R> void outcomes(Endpoint endpoint, List<IntakePipeline.Outcome<R>> outcomes) {
        int ok = 0;
        for (IntakePipeline.Outcome<R> o : outcomes) {
            if (o.accepted()) {
                ok++;
            } else {
                refused(endpoint, o.failure(), 1);
            }
        }
        accepted(endpoint, ok);
    }

    /** Runs a step that refuses by throwing; a refusal counts {@code items} before it goes on to the client. */
    public <T> T refusing(Endpoint endpoint, int items, Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            refused(endpoint, e, items);
            throw e;
        }
    }

    /** The same for an asynchronous step. */
    public <T> Uni<T> refusing(Endpoint endpoint, int items, Uni<T> step) {
        return step.onFailure().invoke(e -> refused(endpoint, e, items));
    }
}
