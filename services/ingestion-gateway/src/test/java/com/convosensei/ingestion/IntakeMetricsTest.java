package com.convosensei.ingestion;

import static com.convosensei.ingestion.Bodies.conversation;
import static com.convosensei.ingestion.Bodies.json;
import static com.convosensei.ingestion.otlp.Spans.attr;
import static com.convosensei.ingestion.otlp.Spans.export;
import static com.convosensei.ingestion.otlp.Spans.span;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.ingestion.otlp.Spans;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.Scrape;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The intake counters on /q/metrics, read before and after real requests: every door (track, track batch, feedback,
 * feedback batch, OTLP) moves {@code sensei_intake_accepted_total} or {@code sensei_intake_refused_total} by exactly its
 * items, with the error code as the reason, and nothing else. Runs in the Redis-proxy / rate-limit profile (100 items/s
 * per key) so that rate_limited and service_unavailable are real refusals too.
 */
@QuarkusTest
@TestProfile(RedisFaultsAndLimitsTest.Profile.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestKeys.DB))
class IntakeMetricsTest {

    private static final String ACCEPTED = "sensei_intake_accepted_total";
    private static final String REFUSED = "sensei_intake_refused_total";

    @Inject
    RedisDataSource redis;

    /** Two scrapes around one request, and the request's answer. */
    private record Delta(Scrape before, Scrape after, Response response) {
        double accepted(String endpoint) {
            return after.value(ACCEPTED, "endpoint", endpoint) - before.value(ACCEPTED, "endpoint", endpoint);
        }

        double refused(String endpoint, String reason) {
            return after.value(REFUSED, "endpoint", endpoint, "reason", reason)
                    - before.value(REFUSED, "endpoint", endpoint, "reason", reason);
        }

        /** Every refusal of the door, whatever the reason. */
        double refused(String endpoint) {
            return after.value(REFUSED, "endpoint", endpoint) - before.value(REFUSED, "endpoint", endpoint);
        }

        /** Asserts the answer's status, and that exactly {@code items} were refused for {@code reason}, nothing else. */
        Delta refusedOnly(String endpoint, int status, String reason, int items) {
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
            assertThat(refused(endpoint, reason)).as(endpoint + " refused " + reason).isEqualTo(items);
            assertThat(refused(endpoint)).as(endpoint + " refused, all reasons").isEqualTo(items);
            assertThat(accepted(endpoint)).as(endpoint + " accepted").isZero();
            return this;
        }
    }

    private static Delta around(Supplier<Response> request) {
        Scrape before = Scrape.now();
        Response response = request.get();
        return new Delta(before, Scrape.now(), response);
    }

    private static Response post(TestKeys.Key key, String path, String contentType, Object body) {
        var spec = body instanceof byte[] bytes ? given().contentType(contentType).body(bytes)
                : given().contentType(contentType).body(body instanceof String s ? s : json(body));
        if (key != null) {
            spec = spec.header("Authorization", key.bearer());
        }
        return spec.post(path);
    }

    private static Response postJson(TestKeys.Key key, String path, Object body) {
        return post(key, path, "application/json", body);
    }

    private static String batchOf(String field, List<ObjectNode> items) {
        ArrayNode array = Bodies.MAPPER.createArrayNode();
        items.forEach(array::add);
        return "{\"" + field + "\":" + json(array) + "}";
    }

    private static ObjectNode thumbs(String conversationId, int value) {
        return Bodies.MAPPER.createObjectNode().put("conversation_id", conversationId).put("kind", "thumbs")
                .put("value", value);
    }

    private static ObjectNode invalidConversation() {
        ObjectNode body = conversation();
        body.remove("conversation_id");
        return body;
    }

    @Test
    void track__eachOutcome__movesOneCounterByOne() {
        TestKeys.Key key = TestKeys.create("metrics-track");
        TestKeys.Key other = TestKeys.create("metrics-track-other");
        String t = "track";

        Delta ok = around(() -> postJson(key, ApiPaths.TRACK, conversation()));
        assertThat(ok.response().statusCode()).isEqualTo(202);
        assertThat(ok.accepted(t)).isEqualTo(1);
        assertThat(ok.refused(t)).isZero();

        around(() -> postJson(key, ApiPaths.TRACK, invalidConversation())).refusedOnly(t, 400, "validation_failed", 1);
        around(() -> postJson(null, ApiPaths.TRACK, conversation())).refusedOnly(t, 401, "unauthorized", 1);
        around(() -> postJson(key, ApiPaths.TRACK, "{\"conversation_id\":")).refusedOnly(t, 400, "malformed_json", 1);
        around(() -> post(key, ApiPaths.TRACK, "text/plain", "hello")).refusedOnly(t, 415, "unsupported_media_type", 1);
        String huge = "{\"conversation_id\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        around(() -> postJson(key, ApiPaths.TRACK, huge)).refusedOnly(t, 413, "payload_too_large", 1);

        ObjectNode owned = conversation();
        assertThat(postJson(key, ApiPaths.TRACK, owned).statusCode()).isEqualTo(202);
        around(() -> postJson(other, ApiPaths.TRACK, owned)).refusedOnly(t, 403, "forbidden", 1);
    }

    @Test
    void trackBatch__countsItems__acceptedAndRefusedPerItem_aBadBodyAsOne() {
        TestKeys.Key key = TestKeys.create("metrics-batch");
        String b = "track_batch";

        Delta mixed = around(() -> postJson(key, ApiPaths.TRACK_BATCH,
                batchOf("conversations", List.of(conversation(), invalidConversation(), conversation()))));
        assertThat(mixed.response().statusCode()).isEqualTo(207);
        assertThat(mixed.accepted(b)).isEqualTo(2);
        assertThat(mixed.refused(b, "validation_failed")).isEqualTo(1);
        assertThat(mixed.refused(b)).isEqualTo(1);
        assertThat(mixed.accepted("track")).as("the single door is another tag value").isZero();

        around(() -> postJson(key, ApiPaths.TRACK_BATCH, "{\"conversations\":[]}"))
                .refusedOnly(b, 400, "validation_failed", 1);
        around(() -> postJson(null, ApiPaths.TRACK_BATCH, batchOf("conversations", List.of(conversation()))))
                .refusedOnly(b, 401, "unauthorized", 1);
    }

    @Test
    void feedback__singleAndBatch__countedPerItem() {
        TestKeys.Key key = TestKeys.create("metrics-feedback");
        String f = "feedback";
        String fb = "feedback_batch";

        Delta ok = around(() -> postJson(key, ApiPaths.FEEDBACK, thumbs("fb-" + UUID.randomUUID(), -1)));
        assertThat(ok.response().statusCode()).isEqualTo(202);
        assertThat(ok.accepted(f)).isEqualTo(1);
        assertThat(ok.refused(f)).isZero();
        around(() -> postJson(key, ApiPaths.FEEDBACK, thumbs("fb-" + UUID.randomUUID(), 0)))
                .refusedOnly(f, 400, "validation_failed", 1);
        around(() -> postJson(null, ApiPaths.FEEDBACK, thumbs("fb-x", 1))).refusedOnly(f, 401, "unauthorized", 1);

        Delta batch = around(() -> postJson(key, ApiPaths.FEEDBACK_BATCH, batchOf("feedback", List.of(
                thumbs("fb-" + UUID.randomUUID(), 1), thumbs("fb-" + UUID.randomUUID(), 7),
                thumbs("fb-" + UUID.randomUUID(), -1)))));
        assertThat(batch.response().statusCode()).isEqualTo(207);
        assertThat(batch.accepted(fb)).isEqualTo(2);
        assertThat(batch.refused(fb, "validation_failed")).isEqualTo(1);
        assertThat(batch.refused(fb)).isEqualTo(1);
        assertThat(batch.accepted(f)).isZero();
    }

    @Test
    void otlp__conversationsAcceptedRejectedSpansRefused__badExportsAsOne() {
        TestKeys.Key key = TestKeys.create("metrics-otlp");
        String o = "otlp";
        String id = "otlp-metrics-" + UUID.randomUUID();
        Span valid = span("chat", Instant.now().minusSeconds(5), 10)
                .addAttributes(attr("gen_ai.conversation.id", id))
                .addAttributes(attr("gen_ai.prompt.0.content", "kept")).build();
        Span noId = span("chat-anon", Instant.now().minusSeconds(5), 10)
                .addAttributes(attr("gen_ai.prompt.0.content", "lost")).build();
        Span http = span("GET /orders", Instant.now().minusSeconds(5), 10)
                .addAttributes(attr("http.request.method", "GET")).build();
        String from = Spans.now();
        Delta mixed = around(() -> post(key, ApiPaths.OTLP_TRACES, "application/x-protobuf",
                export(valid, noId, http).toByteArray()));
        assertThat(mixed.response().statusCode()).isEqualTo(200);
        long streamed = Spans.payloads(redis, Streams.INGEST, from).stream().filter(p -> p.contains(id)).count();
        assertThat(streamed).isEqualTo(1);
        assertThat(mixed.accepted(o)).as("one conversation streamed").isEqualTo(1);
        assertThat(mixed.refused(o, "validation_failed")).as("the span without a conversation id").isEqualTo(1);
        assertThat(mixed.refused(o)).as("the non-GenAI span is ignored, not refused").isEqualTo(1);

        around(() -> given().contentType("application/x-protobuf").body(export().toByteArray())
                .post(ApiPaths.OTLP_TRACES)).refusedOnly(o, 401, "unauthorized", 1);
        around(() -> post(key, ApiPaths.OTLP_TRACES, "text/plain", "hello")).refusedOnly(o, 415, "unsupported_media_type", 1);
        around(() -> post(key, ApiPaths.OTLP_TRACES, "application/x-protobuf", new byte[] {0x0a, (byte) 0xff, 0x01, 0x02}))
                .refusedOnly(o, 400, "malformed_body", 1);
    }

    @Test
    void rateLimit__refusesTheRequestsItems_singleAndBatch() {
        // 100 items per second per key: a full batch fills the window, what follows in it is refused
        TestKeys.Key key = TestKeys.create("metrics-limit");
        List<ObjectNode> hundred = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(conversation());
        }
        String full = batchOf("conversations", hundred);
        Delta single = null;
        Delta batch = null;
        for (int attempt = 0; attempt < 10 && (single == null || batch == null); attempt++) {
            postJson(key, ApiPaths.TRACK_BATCH, full);
            Delta s = around(() -> postJson(key, ApiPaths.TRACK, conversation()));
            Delta b = around(() -> postJson(key, ApiPaths.TRACK_BATCH,
                    batchOf("conversations", List.of(conversation(), conversation(), conversation()))));
            if (s.response().statusCode() == 429 && single == null) {
                single = s;
            }
            if (b.response().statusCode() == 429 && batch == null) {
                batch = b;
            }
        }
        assertThat(single).as("a single track refused by the rate limit").isNotNull();
        single.refusedOnly("track", 429, "rate_limited", 1);
        assertThat(batch).as("a batch refused by the rate limit").isNotNull();
        batch.refusedOnly("track_batch", 429, "rate_limited", 3);
    }

    @Test
    void redisDown__singleTrack__refusedAsServiceUnavailable() {
        TestKeys.Key key = TestKeys.create("metrics-redis-down");
        assertThat(postJson(key, ApiPaths.TRACK, conversation()).statusCode()).isEqualTo(202); // key cached
        RedisFaultsAndLimitsTest.Profile.PROXY.cut();
        try {
            around(() -> postJson(key, ApiPaths.TRACK, conversation()))
                    .refusedOnly("track", 503, "service_unavailable", 1);
        } finally {
            RedisFaultsAndLimitsTest.Profile.PROXY.restore();
        }
    }

    @Test
    void httpServerRequests__templatedUris_oneValueForUnmatchedPaths_serviceTag_jvm() {
        TestKeys.Key key = TestKeys.create("metrics-http");
        postJson(key, ApiPaths.TRACK, conversation());
        String random = "no-such-" + UUID.randomUUID();
        given().get("/" + random).then().statusCode(404);
        given().get("/api/v1/conversations/track/" + random).then().statusCode(404);
        Scrape scrape = Scrape.now();

        assertThat(scrape.has("http_server_requests_seconds_bucket", "uri", ApiPaths.TRACK, "status", "202"))
                .as("a histogram per templated uri").isTrue();
        assertThat(scrape.has("http_server_requests_seconds_count", "uri", "NOT_FOUND")).isTrue();
        assertThat(scrape.text()).as("no raw unmatched path becomes a tag value").doesNotContain(random);
        assertThat(scrape.has(ACCEPTED, "service", "ingestion-gateway", "endpoint", "track")).isTrue();
        assertThat(scrape.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
        assertThat(scrape.has("jvm_memory_max_bytes")).isTrue();
    }
}
