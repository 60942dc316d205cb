package com.convosensei.ingestion.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.nativeimage.NativeContracts;
import com.convosensei.platform.nativeimage.WireTypes;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Native image: every type ingestion hands to Jackson or to protobuf's JsonFormat is registered. */
class NativeRegistrationsTest {

    private final Set<String> registered = WireTypes.registered(NativeContracts.class, NativeRegistrations.class);

    @Test
    void everyRestBodyAndStreamPayloadIsRegistered() {
        Set<String> serialized = WireTypes.serialized(WireTypes.indexOf(NativeRegistrations.class), null);

        assertThat(serialized).contains("com.convosensei.ingestion.rest.TrackAccepted",
                "com.convosensei.ingestion.rest.BatchResult", "com.convosensei.ingestion.rest.BatchItemResult");
        assertThat(WireTypes.missing(serialized, registered))
                .as("serialized by ingestion but not registered for reflection (NativeRegistrations)").isEmpty();
    }

    /** OTLP/JSON: JsonFormat walks the messages by descriptor and calls their generated accessors reflectively. */
    @Test
    void everyOtlpMessageJsonFormatReachesIsRegisteredWithItsBuilder() {
        Set<String> messages = new TreeSet<>();
        Deque<Descriptor> todo = new ArrayDeque<>(
                java.util.List.of(ExportTraceServiceRequest.getDescriptor(), ExportTraceServiceResponse.getDescriptor()));
        while (!todo.isEmpty()) {
            Descriptor d = todo.pop();
            if (messages.add(javaName(d))) {
                for (FieldDescriptor f : d.getFields()) {
                    if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                        todo.push(f.getMessageType());
                    }
                }
            }
        }

        assertThat(messages).contains("io.opentelemetry.proto.trace.v1.Span.Event",
                "io.opentelemetry.proto.common.v1.KeyValueList").hasSizeGreaterThan(12);
        for (String m : messages) {
            assertThat(registered).as("OTLP message registered with its builder").contains(m, m + ".Builder");
        }
    }

    private static String javaName(Descriptor d) {
        // the OTLP protos use java_multiple_files: one top-level class per top-level message
        String pkg = d.getFile().getPackage();
        return d.getFile().getOptions().getJavaPackage() + "." + d.getFullName().substring(pkg.length() + 1);
    }
}
