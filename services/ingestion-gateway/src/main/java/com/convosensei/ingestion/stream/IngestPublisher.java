package com.convosensei.ingestion.stream;

import com.convosensei.contracts.stream.FeedbackEvent;
import com.convosensei.contracts.stream.IngestEvent;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.ingestion.config.IngestConfig;
import com.convosensei.platform.error.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Producer end of {@code sensei:ingest} (and {@code sensei:feedback}): one {@code XADD ... MAXLEN ~ n} per accepted
 * conversation with fields
 * {@code payload} (the {@link IngestEvent} as JSON) and the W3C trace context of the current span
 * ({@code traceparent}, {@code tracestate}) so the processor continues the request's trace.
 * The returned entry id is the event id the client sees. A 202 is only ever answered after this succeeded;
 * Redis errors or a timeout become a 503 with Retry-After.
 */
@ApplicationScoped
public class IngestPublisher {

    private final ReactiveStreamCommands<String, String, String> streams;
    private final ObjectMapper mapper;
    private final IngestConfig config;

    public IngestPublisher(ReactiveRedisDataSource redis, ObjectMapper mapper, IngestConfig config) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.mapper = mapper;
        this.config = config;
    }

    /**
     * @param trace trace fields captured on the request's context (see {@link #currentTraceFields()}); captured by the
     *              caller because the context may not be current any more when this runs
     */
    public Uni<String> publish(IngestEvent event, Map<String, String> trace) {
        return xadd(Streams.INGEST, event, trace);
    }

    /** The same for one feedback item, on {@code sensei:feedback}. */
    public Uni<String> publishFeedback(FeedbackEvent event, Map<String, String> trace) {
        return xadd(Streams.FEEDBACK, event, trace);
    }

    private Uni<String> xadd(String stream, Object event, Map<String, String> trace) {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            fields.put(Streams.FIELD_PAYLOAD, mapper.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("cannot serialise " + stream + " event", e));
        }
        fields.putAll(trace);
        return streams.xadd(stream, new XAddArgs().maxlen(config.streamMaxLen()).nearlyExactTrimming(), fields)
                .ifNoItem().after(config.redisTimeout()).fail()
                .onFailure().transform(e -> {
                    Log.warnf("XADD %s failed: %s", stream, e.toString());
                    return ApiException.unavailable("event store unavailable, retry shortly", config.retryAfterSeconds());
                });
    }

    /** traceparent / tracestate of the current OpenTelemetry context (empty when there is no valid span). */
    public static Map<String, String> currentTraceFields() {
        Map<String, String> fields = new LinkedHashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), fields, (carrier, k, v) -> {
            if (carrier != null && v != null && !v.isEmpty()) {
                carrier.put(k, v);
            }
        });
        return fields;
    }
}
