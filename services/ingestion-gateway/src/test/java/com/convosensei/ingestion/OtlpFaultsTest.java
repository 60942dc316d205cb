package com.convosensei.ingestion;

import static com.convosensei.ingestion.otlp.Spans.attr;
import static com.convosensei.ingestion.otlp.Spans.export;
import static com.convosensei.ingestion.otlp.Spans.span;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.platform.testing.PostgresTestResource;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** OTLP under the Redis proxy / rate-limit profile of {@link RedisFaultsAndLimitsTest}: 503 and 429 with Retry-After. */
@QuarkusTest
@TestProfile(RedisFaultsAndLimitsTest.Profile.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestKeys.DB))
class OtlpFaultsTest {

    private static byte[] spans(int count) {
        Span[] spans = new Span[count];
        for (int i = 0; i < count; i++) {
            spans[i] = span("chat", Instant.now().minusSeconds(1), 5)
                    .addAttributes(attr("gen_ai.conversation.id", "faults-" + UUID.randomUUID()))
                    .addAttributes(attr("gen_ai.prompt.0.content", "hello")).build();
        }
        return export(spans).toByteArray();
    }

    private static Response post(TestKeys.Key key, byte[] body) {
        return given().header("Authorization", key.bearer()).contentType("application/x-protobuf").body(body)
                .post(ApiPaths.OTLP_TRACES);
    }

    @Test
    void export__whenRedisUnreachable__answers503WithRetryAfterAsStatus() throws Exception {
        TestKeys.Key key = TestKeys.create("otlp-outage");
        assertThat(post(key, spans(1)).statusCode()).isEqualTo(200);
        RedisFaultsAndLimitsTest.Profile.PROXY.cut();
        try {
            Response response = post(key, spans(2));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("2");
            assertThat(Status.parseFrom(response.asByteArray()).getCode()).isEqualTo(Code.UNAVAILABLE_VALUE);
        } finally {
            RedisFaultsAndLimitsTest.Profile.PROXY.restore();
        }
    }

    @Test
    void export__overTheRateLimit__answers429WithRetryAfter() throws Exception {
        TestKeys.Key key = TestKeys.create("otlp-limited");
        Response limited = null;
        for (int attempt = 0; attempt < 5 && limited == null; attempt++) {
            for (int i = 0; i < 2; i++) {
                Response r = post(key, spans(60));
                if (r.statusCode() == 429) {
                    limited = r;
                    break;
                }
                assertThat(r.statusCode()).isEqualTo(200);
            }
        }
        assertThat(limited).as("a 429 after exceeding 100 conversations/s").isNotNull();
        assertThat(limited.header("Retry-After")).isEqualTo("1");
        assertThat(Status.parseFrom(limited.asByteArray()).getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
    }
}
