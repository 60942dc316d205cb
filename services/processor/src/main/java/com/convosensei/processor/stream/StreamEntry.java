package com.convosensei.processor.stream;

import com.convosensei.contracts.stream.Streams;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Map;

/**
 * One Redis stream entry as read from the group.
 *
 * @param stream     the stream it came from
 * @param id         entry id ({@code 1718000000000-0})
 * @param fields     all fields; {@link Streams#FIELD_PAYLOAD} holds the JSON payload. Empty when the entry was
 *                   trimmed or deleted after delivery (the consumer acknowledges those without calling the handler).
 * @param deliveries how many times the group has delivered it, this time included (1 on first read)
 */
public record StreamEntry(String stream, String id, Map<String, String> fields, long deliveries) {

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    public String payload() {
        return fields.get(Streams.FIELD_PAYLOAD);
    }

    public StreamEntry withDeliveries(long count) {
        return new StreamEntry(stream, id, fields, count);
    }

    /** The producer's trace context ({@code traceparent}/{@code tracestate}), or root when it sent none. */
    public Context traceContext() {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), fields, GETTER);
    }

    @Override
    public String toString() {
        return stream + "/" + id + " (delivery " + deliveries + ")";
    }
}
