package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.contracts.stream.PatternStreams;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.testing.PostgresTestResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class PatternRunTest {

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void clean() {
        TestDb.DB.exec("truncate pattern_runs cascade");
        redis.key().del(PatternStreams.PATTERNS);
    }

    private static Response run() {
        return given().header("Authorization", Tokens.bearer()).post("/api/v1/analytics/patterns/run");
    }

    @Test
    void run__queuesARowAndAStreamEntry() throws Exception {
        Response r = run();
        r.then().statusCode(202)
                .body("status", equalTo("queued"))
                .body("trigger", equalTo("manual"))
                .body("requested_by", equalTo(Tokens.TEST_EMAIL));
        String id = r.path("id");
        assertThat(r.header("Location")).endsWith("/api/v1/analytics/patterns/runs/" + id);

        Map<String, Object> row = TestDb.DB.one("select trigger, status, requested_by from pattern_runs where id = ?::uuid", id);
        assertThat(row).containsEntry("trigger", "manual").containsEntry("status", "queued")
                .containsEntry("requested_by", Tokens.TEST_EMAIL);

        List<StreamMessage<String, String, String>> entries = redis.stream(String.class).xrange(PatternStreams.PATTERNS, StreamRange.of("-", "+"));
        assertThat(entries).hasSize(1);
        JsonNode payload = new ObjectMapper().readTree(entries.get(0).payload().get(Streams.FIELD_PAYLOAD));
        assertThat(payload.get("run_id").asText()).isEqualTo(id);
        assertThat(payload.get("requested_by").asText()).isEqualTo(Tokens.TEST_EMAIL);
    }

    @Test
    void run__whileOneIsActive__is409NamingIt_andAfterItFinishes__isAcceptedAgain() {
        String first = run().path("id");

        run().then().statusCode(409).body("code", equalTo("conflict"))
                .header("Location", endsWith("/api/v1/analytics/patterns/runs/" + first))
                .body("details[0].field", equalTo("active_run_id"))
                .body("details[0].reason", equalTo(first));
        TestDb.DB.exec("update pattern_runs set status = 'running' where id = ?::uuid", first);
        run().then().statusCode(409);
        assertThat(TestDb.DB.count("select count(*) from pattern_runs")).isEqualTo(1);
        assertThat(redis.stream(String.class).xlen(PatternStreams.PATTERNS)).isEqualTo(1);

        TestDb.DB.exec("update pattern_runs set status = 'succeeded', finished_at = now() where id = ?::uuid", first);
        run().then().statusCode(202);
        assertThat(TestDb.DB.count("select count(*) from pattern_runs")).isEqualTo(2);
    }

    @Test
    void run__forOneEnvironment_storesItOnTheRun() {
        given().header("Authorization", Tokens.bearer()).post("/api/v1/analytics/patterns/run?environment=staging")
                .then().statusCode(202).body("environment", org.hamcrest.Matchers.equalTo("staging"));
        assertThat(TestDb.DB.one("select environment from pattern_runs").get("environment")).isEqualTo("staging");
    }

    @Test
    void run__withoutEnvironment_coversAll_andABadEnvironmentIs400() {
        run().then().statusCode(202).body("environment", org.hamcrest.Matchers.nullValue());
        TestDb.DB.exec("truncate pattern_runs cascade");
        given().header("Authorization", Tokens.bearer()).post("/api/v1/analytics/patterns/run?environment=" + "x".repeat(65))
                .then().statusCode(400).body("details[0].field", org.hamcrest.Matchers.equalTo("environment"));
        assertThat(TestDb.DB.count("select count(*) from pattern_runs")).isZero();
    }
}
