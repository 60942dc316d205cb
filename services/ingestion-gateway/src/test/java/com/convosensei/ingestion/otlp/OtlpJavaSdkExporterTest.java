package com.convosensei.ingestion.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.ingest.TrackMessage;
import com.convosensei.contracts.stream.IngestEvent;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.ingestion.TestKeys;
import com.convosensei.platform.testing.PostgresTestResource;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real OpenTelemetry Java SDK and its OTLP/HTTP exporter (protobuf, gzip, JDK HTTP sender) against this
 * ingestion-gateway: GenAI spans of a two-call chat end up in {@code sensei:ingest}, and one plain HTTP span is
 * ignored without failing the export.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestKeys.DB))
class OtlpJavaSdkExporterTest {

    @TestHTTPResource("/v1/traces")
    URL endpoint;
    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper mapper;

    @Test
    void javaSdkExporter__genAiSpans__reachTheIngestStream() throws Exception {
        TestKeys.Key key = TestKeys.create("otlp-java-sdk");
        String conversationId = "java-sdk-" + UUID.randomUUID();
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(endpoint.toString())
                .addHeader("x-sensei-api-key", key.fullKey())
                .setCompression("gzip")
                .build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), "java-sdk-test",
                        AttributeKey.stringKey("deployment.environment.name"), "sdk-test"))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        String from = Spans.now();
        try {
            Tracer tracer = provider.get("sensei-otlp-test");
            Instant t = Instant.now().minusSeconds(60);
            chat(tracer, conversationId, t, "[" + user("Hi") + "]", "Hello! How can I help?");
            chat(tracer, conversationId, t.plusSeconds(5), "[" + user("Hi") + "," + assistant("Hello! How can I help?")
                    + "," + user("Track my order") + "]", "It ships today.");
            tracer.spanBuilder("GET /health").setAttribute("http.request.method", "GET").startSpan().end();
            CompletableResultCode flushed = provider.forceFlush().join(10, TimeUnit.SECONDS);
            assertThat(flushed.isSuccess()).as("export succeeded").isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }

        List<IngestEvent> events = new ArrayList<>();
        for (String payload : Spans.payloads(redis, Streams.INGEST, from)) {
            IngestEvent event = read(payload);
            if (event.conversation().conversationId().equals(conversationId)) {
                events.add(event);
            }
        }
        assertThat(events).hasSize(2);
        // both spans went in one export; their XADDs are concurrent, so order the entries by call
        events.sort(java.util.Comparator.comparingInt(e -> e.conversation().messages().size()));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.apiKeyId()).isEqualTo(key.id());
            assertThat(e.conversation().environment()).isEqualTo("sdk-test");
        });
        List<TrackMessage> second = events.get(1).conversation().messages();
        assertThat(second).extracting(TrackMessage::content)
                .containsExactly("Hi", "Hello! How can I help?", "Track my order", "It ships today.");
        // the re-sent history carries the ids the first call gave it
        List<TrackMessage> first = events.get(0).conversation().messages();
        assertThat(second.get(0).id()).isEqualTo(first.get(0).id());
        assertThat(second.get(1).id()).isEqualTo(first.get(1).id());
        assertThat(second.get(3).latencyMs()).isEqualTo(900);
    }

    private static void chat(Tracer tracer, String conversationId, Instant start, String input, String output) {
        Span span = tracer.spanBuilder("chat gpt-4o").setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(start)
                .setAttribute("gen_ai.operation.name", "chat")
                .setAttribute("gen_ai.conversation.id", conversationId)
                .setAttribute("gen_ai.request.model", "gpt-4o")
                .setAttribute("gen_ai.input.messages", input)
                .setAttribute("gen_ai.output.messages", "[" + assistant(output) + "]")
                .startSpan();
        span.end(start.plusMillis(900));
    }

    private static String user(String text) {
        return "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + text + "\"}]}";
    }

    private static String assistant(String text) {
        return "{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"" + text + "\"}]}";
    }

    private IngestEvent read(String payload) {
        try {
            return mapper.readValue(payload, IngestEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
