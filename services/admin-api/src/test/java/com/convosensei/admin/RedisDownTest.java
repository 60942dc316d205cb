package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.PrivateRedis;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis unreachable (nothing listens on the configured port): admin-api degrades with clear answers, loses nothing. */
@QuarkusTest
@TestProfile(RedisDownTest.NoRedis.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class RedisDownTest {

    public static class NoRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + PrivateRedis.freePort(), "quarkus.redis.timeout", "1s");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @BeforeEach
    void clean() {
        TestDb.DB.exec("truncate pattern_runs cascade");
        TestDb.DB.exec("truncate api_keys");
    }

    @Test
    void patternRun__cannotBeEnqueued__is503AndDoesNotBlockLaterRuns() {
        Response r = given().header("Authorization", Tokens.bearer()).post("/api/v1/analytics/patterns/run");
        r.then().statusCode(503).body("code", equalTo("service_unavailable"));
        assertThat(r.header("Retry-After")).isNotNull();

        // the row was released (failed, with the reason), so the single-active slot is free again
        assertThat(TestDb.DB.count("select count(*) from pattern_runs where status in ('queued', 'running')")).isZero();
        assertThat(TestDb.DB.one("select status, error from pattern_runs").get("error").toString()).contains("could not enqueue");
        given().header("Authorization", Tokens.bearer()).post("/api/v1/analytics/patterns/run").then().statusCode(503);
        assertThat(TestDb.DB.count("select count(*) from pattern_runs where status = 'failed'")).isEqualTo(2);
    }

    @Test
    void dlq__isA503Envelope() {
        given().header("Authorization", Tokens.bearer()).get("/api/v1/admin/dlq").then().statusCode(503)
                .body("code", equalTo("service_unavailable"));
        given().header("Authorization", Tokens.bearer()).post("/api/v1/admin/dlq/1-1/replay").then().statusCode(503);
    }

    @Test
    void revoke__stillRevokesInTheDatabase() {
        String id = given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "k")).post("/api/v1/api-keys").then().statusCode(201).extract().path("id");

        given().header("Authorization", Tokens.bearer()).delete("/api/v1/api-keys/" + id).then().statusCode(204);

        assertThat(TestDb.DB.one("select revoked_at from api_keys where id = ?::uuid", id).get("revoked_at")).isNotNull();
    }
}
