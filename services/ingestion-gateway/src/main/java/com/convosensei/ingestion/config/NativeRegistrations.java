package com.convosensei.ingestion.config;

import com.convosensei.ingestion.rest.BatchItemResult;
import com.convosensei.ingestion.rest.BatchResult;
import com.convosensei.ingestion.rest.TrackAccepted;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native image: what ingestion builds reflectively besides the contracts (platform's {@code NativeContracts}).
 * <ul>
 * <li>the 202/207 bodies, which go out inside a {@code Response} where Quarkus cannot see their type;</li>
 * <li>the OTLP messages and their builders: protobuf's {@code JsonFormat} (OTLP/JSON in, the JSON answer out) reads
 * and sets fields through the generated accessors by reflection ({@code GeneratedMessage.FieldAccessorTable}).
 * Binary protobuf parsing does not need this.</li>
 * </ul>
 * {@code NativeRegistrationsTest} fails when a serialized type of this service is missing.
 */
@RegisterForReflection(targets = {
        TrackAccepted.class,
        BatchResult.class,
        BatchItemResult.class,
        ExportTraceServiceRequest.class, ExportTraceServiceRequest.Builder.class,
        ExportTraceServiceResponse.class, ExportTraceServiceResponse.Builder.class,
        ExportTracePartialSuccess.class, ExportTracePartialSuccess.Builder.class,
        ResourceSpans.class, ResourceSpans.Builder.class,
        ScopeSpans.class, ScopeSpans.Builder.class,
        Span.class, Span.Builder.class, Span.Event.class, Span.Event.Builder.class, Span.Link.class,
        Span.Link.Builder.class, Span.SpanKind.class,
        Status.class, Status.Builder.class, Status.StatusCode.class,
        Resource.class, Resource.Builder.class,
        InstrumentationScope.class, InstrumentationScope.Builder.class,
        KeyValue.class, KeyValue.Builder.class,
        KeyValueList.class, KeyValueList.Builder.class,
        AnyValue.class, AnyValue.Builder.class,
        ArrayValue.class, ArrayValue.Builder.class,
        EntityRef.class, EntityRef.Builder.class
})
public final class NativeRegistrations {

    private NativeRegistrations() {
    }
}
