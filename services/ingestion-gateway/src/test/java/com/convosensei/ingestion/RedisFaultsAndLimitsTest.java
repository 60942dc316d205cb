package com.convosensei.ingestion;

import static com.convosensei.ingestion.Bodies.conversation;
import static com.convosensei.ingestion.Bodies.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TcpProxy;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway talks to Redis through a TCP proxy the test cuts (the shared Redis keeps running): 503 + Retry-After
 * within 2 s while it is gone, 202 again once it is back. Same profile: rate limit (100 conversations/s per key) and
 * stream trimming (MAXLEN ~ 10).
 */
@QuarkusTest
@TestProfile(RedisFaultsAndLimitsTest.Profile.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestKeys.DB))
class RedisFaultsAndLimitsTest {

    public static class Profile implements QuarkusTestProfile {
        static final TcpProxy PROXY = proxy();

        private static TcpProxy proxy() {
            try {
                return new TcpProxy("127.0.0.1", 6379);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.redis.hosts", "redis://127.0.0.1:" + PROXY.port() + "/3",
                    "sensei.ingest.rate-limit.per-second", "100",
                    "sensei.ingest.rate-limit.window", "1s",
                    "sensei.ingest.stream-max-len", "10");
        }
    }

    @Inject
    RedisDataSource redis;

    private static Response track(TestKeys.Key key) {
        return given().header("Authorization", key.bearer()).contentType(ContentType.JSON).body(json(conversation()))
                .post(ApiPaths.TRACK);
    }

    private static Response batch(TestKeys.Key key, int size) {
        ArrayNode items = Bodies.MAPPER.createArrayNode();
        for (int i = 0; i < size; i++) {
            items.add(conversation());
        }
        return given().header("Authorization", key.bearer()).contentType(ContentType.JSON)
                .body("{\"conversations\":" + json(items) + "}").post(ApiPaths.TRACK_BATCH);
    }

    @Test
    void track__whenRedisUnreachable__answers503WithRetryAfterWithin2sAndRecovers() {
        TestKeys.Key key = TestKeys.create("redis-outage");
        assertThat(track(key).statusCode()).isEqualTo(202); // key verified and cached, pool warm

        Profile.PROXY.cut();
        try {
            for (int i = 0; i < 3; i++) {
                Instant start = Instant.now();
                Response response = track(key);
                Duration took = Duration.between(start, Instant.now());
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.header("Retry-After")).isEqualTo("2");
                assertThat(response.jsonPath().getString("code")).isEqualTo("service_unavailable");
                assertThat(took).isLessThan(Duration.ofSeconds(2));
            }
            Response batch = batch(key, 2);
            assertThat(batch.statusCode()).isEqualTo(503);
        } finally {
            Profile.PROXY.restore();
        }

        Instant deadline = Instant.now().plusSeconds(10);
        int status;
        do {
            status = track(key).statusCode();
        } while (status != 202 && Instant.now().isBefore(deadline));
        assertThat(status).as("accepted again once Redis is back").isEqualTo(202);
    }

    private static Response feedback(TestKeys.Key key) {
        return given().header("Authorization", key.bearer()).contentType(ContentType.JSON)
                .body("{\"conversation_id\":\"fb-" + java.util.UUID.randomUUID() + "\",\"kind\":\"thumbs\",\"value\":1}")
                .post(ApiPaths.FEEDBACK);
    }

    @Test
    void feedback__whenRedisUnreachable__503WithRetryAfter_thenRecovers() {
        TestKeys.Key key = TestKeys.create("redis-outage-feedback");
        assertThat(feedback(key).statusCode()).isEqualTo(202);
        Profile.PROXY.cut();
        try {
            Instant start = Instant.now();
            Response response = feedback(key);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("2");
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(2));
        } finally {
            Profile.PROXY.restore();
        }
        Instant deadline = Instant.now().plusSeconds(10);
        int status;
        do {
            status = feedback(key).statusCode();
        } while (status != 202 && Instant.now().isBefore(deadline));
        assertThat(status).isEqualTo(202);
    }

    @Test
    void feedback__overTheRateLimit__429() {
        TestKeys.Key key = TestKeys.create("rate-limited-feedback");
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            items.append(i == 0 ? "" : ",").append("{\"conversation_id\":\"fb-").append(java.util.UUID.randomUUID())
                    .append("\",\"kind\":\"rating\",\"value\":4}");
        }
        Response limited = null;
        for (int attempt = 0; attempt < 5 && limited == null; attempt++) {
            for (int i = 0; i < 2; i++) {
                Response r = given().header("Authorization", key.bearer()).contentType(ContentType.JSON)
                        .body("{\"feedback\":[" + items + "]}").post(ApiPaths.FEEDBACK_BATCH);
                if (r.statusCode() == 429) {
                    limited = r;
                    break;
                }
                assertThat(r.statusCode()).isEqualTo(207);
            }
        }
        assertThat(limited).as("a 429 after exceeding 100 items/s").isNotNull();
        assertThat(limited.jsonPath().getString("code")).isEqualTo("rate_limited");
    }

    @Test
    void track__overTheRateLimit__answers429WithRetryAfter() {
        TestKeys.Key key = TestKeys.create("rate-limited");
        TestKeys.Key other = TestKeys.create("not-limited");
        Response limited = null;
        // two batches of 60 inside one 1 s window exceed 100; retried in case a window boundary fell between them
        for (int attempt = 0; attempt < 5 && limited == null; attempt++) {
            for (int i = 0; i < 2; i++) {
                Response r = batch(key, 60);
                if (r.statusCode() == 429) {
                    limited = r;
                    break;
                }
                assertThat(r.statusCode()).isEqualTo(207);
            }
        }
        assertThat(limited).as("a 429 after exceeding 100 conversations/s").isNotNull();
        assertThat(limited.header("Retry-After")).isEqualTo("1");
        assertThat(limited.jsonPath().getString("code")).isEqualTo("rate_limited");
        // the limit is per key
        assertThat(track(other).statusCode()).isEqualTo(202);
    }

    @Test
    void track__stream__isTrimmedWithMaxlen() {
        TestKeys.Key[] keys = {TestKeys.create("maxlen-1"), TestKeys.create("maxlen-2"), TestKeys.create("maxlen-3")};
        for (TestKeys.Key key : keys) {
            assertThat(batch(key, 90).statusCode()).isEqualTo(207);
        }
        // MAXLEN ~ 10 trims whole radix-tree nodes (100 entries each): far fewer than the 270 just added remain
        assertThat(redis.stream(String.class).xlen(Streams.INGEST)).isLessThan(200);
    }
}
