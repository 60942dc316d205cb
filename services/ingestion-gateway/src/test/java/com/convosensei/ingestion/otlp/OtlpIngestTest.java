package com.convosensei.ingestion.otlp;

import static com.convosensei.ingestion.otlp.Spans.attr;
import static com.convosensei.ingestion.otlp.Spans.event;
import static com.convosensei.ingestion.otlp.Spans.export;
import static com.convosensei.ingestion.otlp.Spans.span;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.Limits;
import com.convosensei.contracts.ingest.TrackMessage;
import com.convosensei.contracts.ingest.TrackRequest;
import com.convosensei.contracts.stream.FeedbackEvent;
import com.convosensei.contracts.stream.IngestEvent;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.ingestion.TestKeys;
import com.convosensei.platform.testing.PostgresTestResource;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OTLP/HTTP intake against real Redis and Postgres: each convention's mapping, re-sent history, partial success, and
 * every refusal (malformed protobuf / JSON, content type, gzip, size, key).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestKeys.DB))
class OtlpIngestTest {

    private static final String PROTOBUF = "application/x-protobuf";
    private static TestKeys.Key key;

    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper mapper;

    @BeforeAll
    static void createKey() {
        key = TestKeys.create("otlp");
    }

    private static Response post(ExportTraceServiceRequest request) {
        return given().header("x-sensei-api-key", key.fullKey()).contentType(PROTOBUF)
                .body(request.toByteArray()).post(ApiPaths.OTLP_TRACES);
    }

    private static ExportTraceServiceResponse ok(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith(PROTOBUF);
        try {
            return ExportTraceServiceResponse.parseFrom(response.asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Status status(Response response) throws IOException {
        assertThat(response.contentType()).startsWith(PROTOBUF);
        return Status.parseFrom(response.asByteArray());
    }

    /** Conversations with this id that reached {@code sensei:ingest} since {@code from}. */
    private List<TrackRequest> streamed(String from, String conversationId) {
        List<TrackRequest> found = new ArrayList<>();
        for (String payload : Spans.payloads(redis, Streams.INGEST, from)) {
            try {
                IngestEvent event = mapper.readValue(payload, IngestEvent.class);
                if (event.conversation().conversationId().equals(conversationId)) {
                    assertThat(event.apiKeyId()).isEqualTo(key.id());
                    found.add(event.conversation());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    private static String conversationId() {
        return "otlp-" + UUID.randomUUID();
    }

    private static String inputMessages(String... roleContent) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < roleContent.length; i += 2) {
            json.append(i == 0 ? "" : ",").append("{\"role\":\"").append(roleContent[i])
                    .append("\",\"parts\":[{\"type\":\"text\",\"content\":\"").append(roleContent[i + 1]).append("\"}]}");
        }
        return json.append("]").toString();
    }

    @Test
    void semconvMessages__becomeOneConversationWithTimestampsLatencyModelTokensEnvironmentAndUser() {
        String id = conversationId();
        Instant start = Instant.parse("2026-01-05T10:00:00Z");
        Span span = span("chat gpt-4o", start, 1500)
                .addAttributes(attr("gen_ai.operation.name", "chat"))
                .addAttributes(attr("gen_ai.conversation.id", id))
                .addAttributes(attr("gen_ai.request.model", "gpt-4o"))
                .addAttributes(attr("gen_ai.response.model", "gpt-4o-2024-08-06"))
                .addAttributes(attr("gen_ai.usage.input_tokens", 42L))
                .addAttributes(attr("gen_ai.usage.output_tokens", 7L))
                .addAttributes(attr("user.id", "u-17"))
                .addAttributes(attr("gen_ai.system_instructions", "[{\"type\":\"text\",\"content\":\"Be brief.\"}]"))
                .addAttributes(attr("gen_ai.input.messages", inputMessages("user", "Where is my order?")))
                .addAttributes(attr("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":"
                        + "\"text\",\"content\":\"It ships today.\"}],\"finish_reason\":\"stop\"}]"))
                .build();
        String from = Spans.now();
        ExportTraceServiceResponse response = ok(post(export(
                List.of(attr("service.name", "shop-bot"), attr("deployment.environment.name", "staging")), span)));
        assertThat(response.hasPartialSuccess()).isFalse();

        List<TrackRequest> found = streamed(from, id);
        assertThat(found).hasSize(1);
        TrackRequest conversation = found.get(0);
        assertThat(conversation.environment()).isEqualTo("staging");
        assertThat(conversation.userId()).isEqualTo("u-17");
        assertThat(conversation.metadata().get("source").asText()).isEqualTo("otlp");
        assertThat(conversation.metadata().get("service_name").asText()).isEqualTo("shop-bot");
        List<TrackMessage> messages = conversation.messages();
        assertThat(messages).extracting(TrackMessage::role).containsExactly("system", "user", "assistant");
        assertThat(messages).extracting(TrackMessage::content)
                .containsExactly("Be brief.", "Where is my order?", "It ships today.");
        assertThat(messages.get(0).timestamp()).isEqualTo(start);
        assertThat(messages.get(1).timestamp()).isEqualTo(start.plus(1, ChronoUnit.MICROS));
        assertThat(messages.get(2).timestamp()).isEqualTo(start.plusMillis(1500));
        TrackMessage answer = messages.get(2);
        assertThat(answer.latencyMs()).isEqualTo(1500);
        assertThat(answer.tokens()).isEqualTo(7);
        assertThat(answer.metadata().get("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(answer.metadata().get("input_tokens").asLong()).isEqualTo(42);
        assertThat(answer.metadata().get("span_id").asText()).hasSize(16);
        assertThat(messages).allSatisfy(m -> assertThat(m.id()).startsWith("otlp-"));
    }

    @Test
    void spanEvents__userAndChoice__becomeMessages() {
        String id = conversationId();
        Instant start = Instant.parse("2026-01-05T11:00:00Z");
        Span span = span("chat", start, 200)
                .addAttributes(attr("gen_ai.system", "openai"))
                .addAttributes(attr("gen_ai.conversation.id", id))
                .addEvents(event("gen_ai.system.message", start, attr("content", "You help.")))
                .addEvents(event("gen_ai.user.message", start, attr("content", "Hi")))
                .addEvents(event("gen_ai.choice", start.plusMillis(200), attr("index", 0L),
                        attr("message", "{\"role\":\"assistant\",\"content\":\"Hello!\"}")))
                .build();
        String from = Spans.now();
        ok(post(export(span)));
        List<TrackMessage> messages = streamed(from, id).get(0).messages();
        assertThat(messages).extracting(m -> m.role() + ":" + m.content())
                .containsExactly("system:You help.", "user:Hi", "assistant:Hello!");
    }

    @Test
    void openLlmetryLegacyAttributes__promptAndCompletion__becomeMessagesInIndexOrder() {
        String id = conversationId();
        Span span = span("openai.chat", Instant.parse("2026-01-05T12:00:00Z"), 300)
                .addAttributes(attr("gen_ai.system", "openai"))
                .addAttributes(attr("session.id", id))
                .addAttributes(attr("gen_ai.request.model", "gpt-4o-mini"))
                .addAttributes(attr("gen_ai.usage.prompt_tokens", 11L))
                .addAttributes(attr("gen_ai.usage.completion_tokens", 5L))
                .addAttributes(attr("gen_ai.prompt.1.role", "user"))
                .addAttributes(attr("gen_ai.prompt.1.content", "second"))
                .addAttributes(attr("gen_ai.prompt.0.role", "system"))
                .addAttributes(attr("gen_ai.prompt.0.content", "first"))
                .addAttributes(attr("gen_ai.completion.0.role", "assistant"))
                .addAttributes(attr("gen_ai.completion.0.content", "third"))
                .build();
        String from = Spans.now();
        ok(post(export(span)));
        List<TrackMessage> messages = streamed(from, id).get(0).messages();
        assertThat(messages).extracting(TrackMessage::content).containsExactly("first", "second", "third");
        assertThat(messages.get(2).tokens()).isEqualTo(5);
        assertThat(messages.get(2).metadata().get("input_tokens").asLong()).isEqualTo(11);
        assertThat(messages.get(2).metadata().get("model").asText()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void openInference__sessionIdAndLlmMessages__becomeMessages() {
        String id = conversationId();
        Span span = span("ChatCompletion", Instant.parse("2026-01-05T13:00:00Z"), 100)
                .addAttributes(attr("openinference.span.kind", "LLM"))
                .addAttributes(attr("session.id", id))
                .addAttributes(attr("llm.model_name", "claude-3-5-sonnet"))
                .addAttributes(attr("llm.token_count.prompt", 9L))
                .addAttributes(attr("llm.token_count.completion", 3L))
                .addAttributes(attr("llm.input_messages.0.message.role", "user"))
                .addAttributes(attr("llm.input_messages.0.message.content", "Ping"))
                .addAttributes(attr("llm.output_messages.0.message.role", "assistant"))
                .addAttributes(attr("llm.output_messages.0.message.content", "Pong"))
                .build();
        String from = Spans.now();
        ok(post(export(span)));
        List<TrackMessage> messages = streamed(from, id).get(0).messages();
        assertThat(messages).extracting(m -> m.role() + ":" + m.content()).containsExactly("user:Ping", "assistant:Pong");
        assertThat(messages.get(1).metadata().get("model").asText()).isEqualTo("claude-3-5-sonnet");
        assertThat(messages.get(1).tokens()).isEqualTo(3);
    }

    @Test
    void vercelAiSdk__sessionIdMetadata__isTheConversationIdFromResourceOrSpan() {
        String id = conversationId();
        Span span = span("ai.generateText.doGenerate", Instant.parse("2026-01-05T14:00:00Z"), 100)
                .addAttributes(attr("ai.telemetry.metadata.sessionId", id))
                .addAttributes(attr("gen_ai.input.messages", inputMessages("user", "Hey")))
                .build();
        String from = Spans.now();
        ok(post(export(span)));
        assertThat(streamed(from, id)).hasSize(1);
    }

    /** Three LLM calls, each re-sending the whole history: every message once, in conversation order. */
    @Test
    void resentHistory__threeCalls__dedupToEachMessageOnceInOrder() {
        String id = conversationId();
        Instant t = Instant.parse("2026-01-06T09:00:00Z");
        List<Span> calls = new ArrayList<>();
        List<String> history = new ArrayList<>(List.of("system", "You are a shop assistant."));
        for (int call = 1; call <= 3; call++) {
            history.add("user");
            history.add("question " + call);
            String answer = call == 2 ? "OK" : "answer " + call;
            calls.add(span("chat", t.plusSeconds(call * 10L), 800)
                    .addAttributes(attr("gen_ai.conversation.id", id))
                    .addAttributes(attr("gen_ai.input.messages", inputMessages(history.toArray(String[]::new))))
                    .addAttributes(attr("gen_ai.output.messages", inputMessages("assistant", answer)))
                    .build());
            history.add("assistant");
            history.add(answer);
        }
        String from = Spans.now();
        // one export per call, as a live app would send them
        for (Span call : calls) {
            ok(post(export(call)));
        }
        List<TrackRequest> entries = streamed(from, id);
        assertThat(entries).hasSize(3);
        // what the processor stores: one row per dedup key (the message id: every OTLP message has one), first wins
        Map<String, TrackMessage> stored = new LinkedHashMap<>();
        entries.forEach(e -> e.messages().forEach(m -> stored.putIfAbsent(m.id(), m)));
        List<TrackMessage> timeline = new ArrayList<>(stored.values());
        timeline.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
        assertThat(timeline).extracting(TrackMessage::content).containsExactly("You are a shop assistant.",
                "question 1", "answer 1", "question 2", "OK", "question 3", "answer 3");
        // and the ids are a pure function of the conversation, role, content and occurrence
        assertThat(timeline.get(1).id()).isEqualTo(SpanMapper.messageId(id, "user", "question 1", 0));
    }

    @Test
    void messageId__repeatedEqualMessages__keepTheirOwnIdsAcrossCalls() {
        String a = SpanMapper.messageId("c", "user", "yes", 0);
        assertThat(SpanMapper.messageId("c", "user", "yes", 0)).isEqualTo(a);
        assertThat(SpanMapper.messageId("c", "user", "yes", 1)).isNotEqualTo(a);
        assertThat(SpanMapper.messageId("c", "assistant", "yes", 0)).isNotEqualTo(a);
        assertThat(SpanMapper.messageId("d", "user", "yes", 0)).isNotEqualTo(a);
    }

    @Test
    void spanWithoutConversationId__isRejectedByNameWhileTheValidSpanIsStored() {
        String id = conversationId();
        Span valid = span("chat", Instant.now().minusSeconds(5), 10)
                .addAttributes(attr("gen_ai.conversation.id", id))
                .addAttributes(attr("gen_ai.input.messages", inputMessages("user", "kept"))).build();
        Span noId = span("chat-anon", Instant.now().minusSeconds(5), 10)
                .addAttributes(attr("gen_ai.input.messages", inputMessages("user", "lost?"))).build();
        Span http = span("GET /orders", Instant.now().minusSeconds(5), 10)
                .addAttributes(attr("http.request.method", "GET")).build();
        String from = Spans.now();
        ExportTraceServiceResponse response = ok(post(export(valid, noId, http)));
        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage())
                .contains(HexFormat.of().formatHex(noId.getSpanId().toByteArray()))
                .contains("chat-anon").contains("gen_ai.conversation.id");
        assertThat(streamed(from, id)).hasSize(1);
    }

    @Test
    void keyConversationAttribute__namesTheConversationAfterTheConventionalOnes() {
        TestKeys.Key own = TestKeys.create("otlp-own-attribute");
        TestKeys.sql("update api_keys set otlp_conversation_attribute = 'app.thread_id' where id = '" + own.id() + "'");
        String id = conversationId();
        Span span = span("chat", Instant.now().minusSeconds(5), 10)
                .addAttributes(attr("gen_ai.prompt.0.content", "thread message")).build();
        String from = Spans.now();
        Response response = given().header("Authorization", own.bearer()).contentType(PROTOBUF)
                .body(export(List.of(attr("app.thread_id", id)), span).toByteArray()).post(ApiPaths.OTLP_TRACES);
        assertThat(ok(response).hasPartialSuccess()).isFalse();
        assertThat(Spans.payloads(redis, Streams.INGEST, from)).anyMatch(p -> p.contains(id));

        // without the attribute the rejection names it too
        Response missing = given().header("Authorization", own.bearer()).contentType(PROTOBUF)
                .body(export(span).toByteArray()).post(ApiPaths.OTLP_TRACES);
        assertThat(ok(missing).getPartialSuccess().getErrorMessage()).contains("app.thread_id");
    }

    @Test
    void nonGenAiSpans__areAcceptedAndIgnored() {
        String from = Spans.now();
        Span http = span("GET /health", Instant.now(), 1).addAttributes(attr("http.route", "/health")).build();
        ExportTraceServiceResponse response = ok(post(export(http)));
        assertThat(response.hasPartialSuccess()).isFalse();
        assertThat(Spans.payloads(redis, Streams.INGEST, from).stream()
                .filter(p -> p.contains("GET /health"))).isEmpty();
    }

    @Test
    void hugeAttribute__rejectsOnlyThatSpanWithTheFieldAndReason() {
        String big = conversationId();
        String small = conversationId();
        Span huge = span("chat", Instant.now().minusSeconds(5), 10)
                .addAttributes(attr("gen_ai.conversation.id", big))
                .addAttributes(attr("gen_ai.prompt.0.content", "x".repeat(40_000))).build();
        Span fine = span("chat", Instant.now().minusSeconds(5), 10)
                .addAttributes(attr("gen_ai.conversation.id", small))
                .addAttributes(attr("gen_ai.prompt.0.content", "short")).build();
        String from = Spans.now();
        ExportTraceServiceResponse response = ok(post(export(huge, fine)));
        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("messages[0].content")
                .contains("32768 bytes");
        assertThat(streamed(from, big)).isEmpty();
        assertThat(streamed(from, small)).hasSize(1);
    }

    @Test
    void json__hexIdsEnumNumbersAndCamelCase__acceptedAndAnsweredInJson() {
        String id = conversationId();
        long start = Instant.parse("2026-01-07T08:00:00Z").toEpochMilli() * 1_000_000L;
        String body = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"js"}}]},
                 "scopeSpans":[{"scope":{"name":"t"},"spans":[{"traceId":"5b8efff798038103d269b633813fc60c",
                 "spanId":"eee19b7ec3c1b174","name":"chat","kind":3,"startTimeUnixNano":"%d","endTimeUnixNano":"%d",
                 "attributes":[{"key":"gen_ai.conversation.id","value":{"stringValue":"%s"}},
                 {"key":"gen_ai.prompt.0.role","value":{"stringValue":"user"}},
                 {"key":"gen_ai.prompt.0.content","value":{"stringValue":"json works"}}],
                 "status":{"code":1}}]}]}]}""".formatted(start, start + 2_000_000L, id);
        String from = Spans.now();
        Response response = given().header("Authorization", key.bearer()).contentType("application/json")
                .body(body).post(ApiPaths.OTLP_TRACES);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.asString()).isEqualTo("{}");
        List<TrackRequest> found = streamed(from, id);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).messages().get(0).content()).isEqualTo("json works");
    }

    @Test
    void json__partialSuccess__isJsonWithRejectedSpans() {
        String body = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c",
                 "spanId":"eee19b7ec3c1b175","name":"chat","startTimeUnixNano":"1767772800000000000",
                 "attributes":[{"key":"gen_ai.prompt.0.content","value":{"stringValue":"no id"}}]}]}]}]}""";
        Response response = given().header("Authorization", key.bearer()).contentType("application/json")
                .body(body).post(ApiPaths.OTLP_TRACES);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getString("partialSuccess.rejectedSpans")).isEqualTo("1");
        assertThat(response.jsonPath().getString("partialSuccess.errorMessage")).contains("gen_ai.conversation.id");
    }

    @Test
    void malformedProtobuf__answers400WithGoogleRpcStatus() throws IOException {
        Response response = given().header("Authorization", key.bearer()).contentType(PROTOBUF)
                .body(new byte[] {0x0a, (byte) 0xff, 0x01, 0x02}).post(ApiPaths.OTLP_TRACES);
        assertThat(response.statusCode()).isEqualTo(400);
        Status status = status(response);
        assertThat(status.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
        assertThat(status.getMessage()).contains("malformed protobuf");
    }

    @Test
    void malformedJson__answers400InTheEnvelope() {
        given().header("Authorization", key.bearer()).contentType("application/json").body("{\"resourceSpans\": [")
                .post(ApiPaths.OTLP_TRACES).then().statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("malformed_json"));
        given().header("Authorization", key.bearer()).contentType("application/json")
                .body("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\"}]}]}]}")
                .post(ApiPaths.OTLP_TRACES).then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("traceId"));
        given().header("Authorization", key.bearer()).contentType("application/json")
                .body("{\"resourceSpans\": 5}").post(ApiPaths.OTLP_TRACES).then().statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("malformed_body"));
    }

    @Test
    void wrongContentType__answers415() {
        given().header("Authorization", key.bearer()).contentType("text/plain").body("hello")
                .post(ApiPaths.OTLP_TRACES).then().statusCode(415)
                .body("code", org.hamcrest.Matchers.equalTo("unsupported_media_type"));
    }

    @Test
    void gzip__isInflated_truncatedIs400_bombIs413() throws IOException {
        String id = conversationId();
        Span span = span("chat", Instant.now().minusSeconds(1), 5)
                .addAttributes(attr("gen_ai.conversation.id", id))
                .addAttributes(attr("gen_ai.prompt.0.content", "zipped")).build();
        byte[] zipped = gzip(export(span).toByteArray());
        String from = Spans.now();
        Response response = given().header("Authorization", key.bearer()).header("Content-Encoding", "gzip")
                .contentType(PROTOBUF).body(zipped).post(ApiPaths.OTLP_TRACES);
        ok(response);
        assertThat(streamed(from, id)).hasSize(1);

        Response truncated = given().header("Authorization", key.bearer()).header("Content-Encoding", "gzip")
                .contentType(PROTOBUF).body(Arrays.copyOf(zipped, zipped.length / 2)).post(ApiPaths.OTLP_TRACES);
        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(status(truncated).getMessage()).contains("truncated");

        byte[] bomb = gzip(new byte[8 * 1024 * 1024]); // ~8 KiB on the wire, 8 MiB inflated
        assertThat(bomb.length).isLessThan(64 * 1024);
        Response tooLarge = given().header("Authorization", key.bearer()).header("Content-Encoding", "gzip")
                .contentType(PROTOBUF).body(bomb).post(ApiPaths.OTLP_TRACES);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(status(tooLarge).getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
    }

    @Test
    void overOneMibOnTheWire__answers413_asStatusForProtobuf_envelopeForJson() throws IOException {
        byte[] big = new byte[Limits.MAX_BODY_BYTES + 1];
        Response protobuf = given().header("Authorization", key.bearer()).contentType(PROTOBUF).body(big)
                .post(ApiPaths.OTLP_TRACES);
        assertThat(protobuf.statusCode()).isEqualTo(413);
        assertThat(status(protobuf).getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
        given().header("Authorization", key.bearer()).contentType("application/json").body(big)
                .post(ApiPaths.OTLP_TRACES).then().statusCode(413)
                .body("code", org.hamcrest.Matchers.equalTo("payload_too_large"));
    }

    @Test
    void noKeyOrBadKey__answers401() throws IOException {
        Response none = given().contentType(PROTOBUF).body(export().toByteArray()).post(ApiPaths.OTLP_TRACES);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(status(none).getCode()).isEqualTo(Code.UNAUTHENTICATED_VALUE);
        given().header("x-sensei-api-key", "sk_live_nope").contentType("application/json").body("{}")
                .post(ApiPaths.OTLP_TRACES).then().statusCode(401)
                .body("code", org.hamcrest.Matchers.equalTo("unauthorized"));
    }

    @Test
    void feedbackEvent__userFeedbackEvaluation__isPublishedToTheFeedbackStream() throws IOException {
        String id = conversationId();
        Instant at = Instant.parse("2026-01-08T10:00:00Z");
        Span span = span("feedback", at, 1)
                .addAttributes(attr("gen_ai.conversation.id", id))
                .addAttributes(attr("user.id", "u-9"))
                .addEvents(event("gen_ai.evaluation.result", at,
                        attr("gen_ai.evaluation.name", "user_feedback"),
                        attr("gen_ai.evaluation.score.value", -1.0),
                        attr("gen_ai.evaluation.explanation", "wrong order number")))
                .addEvents(event("gen_ai.evaluation.result", at,
                        attr("gen_ai.evaluation.name", "rating"),
                        attr("gen_ai.evaluation.score.value", 9L)))
                .addEvents(event("gen_ai.evaluation.result", at,
                        attr("gen_ai.evaluation.name", "relevance"),
                        attr("gen_ai.evaluation.score.value", 0.4)))
                .build();
        String from = Spans.now();
        ExportTraceServiceResponse response = ok(post(export(span)));
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("must be 1..5 for rating");

        List<FeedbackEvent> found = new ArrayList<>();
        for (String payload : Spans.payloads(redis, Streams.FEEDBACK, from)) {
            FeedbackEvent event = mapper.readValue(payload, FeedbackEvent.class);
            if (event.feedback().conversationId().equals(id)) {
                found.add(event);
            }
        }
        assertThat(found).hasSize(1);
        FeedbackEvent event = found.get(0);
        assertThat(event.source()).isEqualTo(FeedbackEvent.SOURCE_OTLP);
        assertThat(event.apiKeyId()).isEqualTo(key.id());
        assertThat(event.feedback().kind()).isEqualTo("thumbs");
        assertThat(event.feedback().value()).isEqualTo(-1);
        assertThat(event.feedback().comment()).isEqualTo("wrong order number");
        assertThat(event.feedback().userId()).isEqualTo("u-9");
        assertThat(event.feedback().environment()).isEqualTo("production");
        assertThat(event.feedback().timestamp()).isEqualTo(at);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
