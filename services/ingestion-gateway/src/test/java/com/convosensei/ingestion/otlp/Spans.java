package com.convosensei.ingestion.otlp;

import com.convosensei.contracts.stream.Streams;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** OTLP spans for the tests, built with the real protobuf classes, and a reader for what reached the streams. */
public final class Spans {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Spans() {
    }

    public static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    public static KeyValue attr(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    public static KeyValue attr(String key, double value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
    }

    public static Span.Builder span(String name, Instant start, long durationMillis) {
        byte[] trace = new byte[16];
        byte[] id = new byte[8];
        RANDOM.nextBytes(trace);
        RANDOM.nextBytes(id);
        long startNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        return Span.newBuilder().setName(name).setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(id))
                .setStartTimeUnixNano(startNanos).setEndTimeUnixNano(startNanos + durationMillis * 1_000_000L);
    }

    public static Span.Event event(String name, Instant at, KeyValue... attributes) {
        return Span.Event.newBuilder().setName(name).setTimeUnixNano(at.getEpochSecond() * 1_000_000_000L + at.getNano())
                .addAllAttributes(List.of(attributes)).build();
    }

    public static ExportTraceServiceRequest export(List<KeyValue> resource, Span... spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(resource))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))).build();
    }

    public static ExportTraceServiceRequest export(Span... spans) {
        return export(List.of(attr("service.name", "otlp-test")), spans);
    }

    /** Payloads of the entries of {@code stream} added since {@code fromId} ("0" for all). */
    public static List<String> payloads(RedisDataSource redis, String stream, String fromId) {
        List<StreamMessage<String, String, String>> found = redis.stream(String.class)
                .xrange(stream, StreamRange.of(fromId, "+"));
        return found.stream().map(m -> m.payload().get(Streams.FIELD_PAYLOAD)).toList();
    }

    /** A stream id just before now, so {@link #payloads} sees only what a test adds after this. */
    public static String now() {
        return (System.currentTimeMillis() - 1) + "-0";
    }

    public static Map<String, String> none() {
        return Map.of();
    }
}
