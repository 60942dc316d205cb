package com.convosensei.ingestion;

import static com.convosensei.ingestion.Bodies.conversation;
import static com.convosensei.ingestion.Bodies.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.ingestion.stream.KeyRevocationSubscriber;
import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * API-key authentication: every refusal is a 401 envelope; revocation reaches a cached key at once through pub/sub,
 * and within the cache TTL without it (test TTL: {@code %test.sensei.ingest.key-cache-ttl=5s}).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestKeys.DB))
class TrackAuthTest {

    static final Duration TTL = Duration.ofSeconds(5);

    @Inject
    RedisDataSource redis;
    @Inject
    KeyRevocationSubscriber subscriber;

    private static int track(RequestSpecification request) {
        return request.contentType(ContentType.JSON).body(json(conversation())).post(ApiPaths.TRACK).statusCode();
    }

    private static RequestSpecification bearer(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    @Test
    void track__withValidKeyAsBearerOrXApiKey__returns202() {
        TestKeys.Key key = TestKeys.create("valid");
        assertThat(track(bearer(key.fullKey()))).isEqualTo(202);
        assertThat(track(given().header("X-API-Key", key.fullKey()))).isEqualTo(202);
        assertThat(track(given().header("Authorization", "bearer  " + key.fullKey() + " "))).isEqualTo(202);
    }

    @Test
    void track__whenKeyMissing__returns401() {
        given().contentType(ContentType.JSON).body(json(conversation())).post(ApiPaths.TRACK).then()
                .statusCode(401).body("code", equalTo("unauthorized")).body("message", containsString("API key is required"));
        given().header("Authorization", "Basic dXNlcjpwYXNz").contentType(ContentType.JSON).body(json(conversation()))
                .post(ApiPaths.TRACK).then().statusCode(401).body("message", containsString("Bearer"));
    }

    @Test
    void track__whenKeyMalformed__returns401() {
        for (String malformed : new String[] {"nonsense", "sk_short_abc", "sk_ABCDEFGHJK", "pk_ABCDEFGHJK_" + "a".repeat(40),
                "sk_ABCDEFGHJK_" + "a".repeat(39) + "!", "sk_" + "A".repeat(200)}) {
            bearer(malformed).contentType(ContentType.JSON).body(json(conversation())).post(ApiPaths.TRACK).then()
                    .statusCode(401).body("code", equalTo("unauthorized"));
        }
    }

    @Test
    void track__whenPrefixUnknown__returns401() {
        bearer("sk_Unknown123_" + "b".repeat(40)).contentType(ContentType.JSON).body(json(conversation()))
                .post(ApiPaths.TRACK).then().statusCode(401).body("message", equalTo("invalid API key"));
    }

    @Test
    void track__whenSecretWrong__returns401() {
        TestKeys.Key key = TestKeys.create("wrong-secret");
        String forged = "sk_" + key.prefix() + "_" + "c".repeat(40);
        bearer(forged).contentType(ContentType.JSON).body(json(conversation())).post(ApiPaths.TRACK).then()
                .statusCode(401).body("message", equalTo("invalid API key"));
        // the real key still works, the forged one keeps failing (now from the failed-key cache)
        assertThat(track(bearer(key.fullKey()))).isEqualTo(202);
        assertThat(track(bearer(forged))).isEqualTo(401);
    }

    @Test
    void track__whenKeyRevoked__returns401() {
        TestKeys.Key key = TestKeys.create("revoked");
        TestKeys.revokeInDatabase(key);
        bearer(key.fullKey()).contentType(ContentType.JSON).body(json(conversation())).post(ApiPaths.TRACK).then()
                .statusCode(401).body("message", equalTo("API key has been revoked"));
    }

    @Test
    void track__whenCachedKeyRevokedAndAnnounced__refusedWithinMilliseconds() {
        waitFor(Duration.ofSeconds(10), subscriber::subscribed);
        TestKeys.Key key = TestKeys.create("revoked-pubsub");
        assertThat(track(bearer(key.fullKey()))).isEqualTo(202); // verified and cached

        TestKeys.revokeInDatabase(key);
        Instant revokedAt = Instant.now();
        redis.pubsub(String.class).publish(Streams.CHANNEL_KEY_REVOKED, key.prefix());
        waitFor(TTL, () -> track(bearer(key.fullKey())) == 401);
        Duration took = Duration.between(revokedAt, Instant.now());

        // well inside the cache TTL: the pub/sub notice, not expiry, dropped the key
        assertThat(took).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void track__whenCachedKeyRevokedWithoutNotice__refusedOnceTheCacheTtlPassed() {
        TestKeys.Key key = TestKeys.create("revoked-ttl");
        assertThat(track(bearer(key.fullKey()))).isEqualTo(202);
        Instant cachedAt = Instant.now();

        TestKeys.revokeInDatabase(key); // no announcement (e.g. it was lost)
        assertThat(track(bearer(key.fullKey()))).as("still served from the cache").isEqualTo(202);
        waitFor(TTL.plusSeconds(3), () -> track(bearer(key.fullKey())) == 401);

        assertThat(Duration.between(cachedAt, Instant.now())).isLessThanOrEqualTo(TTL.plusSeconds(1));
    }

    @Test
    void track__lastUsedAt__isStampedAndThenCoalesced() {
        TestKeys.Key key = TestKeys.create("last-used");
        assertThat(TestKeys.lastUsedAt(key)).isNull();
        assertThat(track(bearer(key.fullKey()))).isEqualTo(202);
        waitFor(Duration.ofSeconds(5), () -> TestKeys.lastUsedAt(key) != null);
        Timestamp first = TestKeys.lastUsedAt(key);

        for (int i = 0; i < 5; i++) {
            assertThat(track(bearer(key.fullKey()))).isEqualTo(202);
        }
        sleep(300);
        assertThat(TestKeys.lastUsedAt(key)).isEqualTo(first);
    }

    static void waitFor(Duration timeout, java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + timeout);
            }
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
