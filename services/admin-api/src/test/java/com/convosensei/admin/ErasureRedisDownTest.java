package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis unreachable during an erasure: 503 with Retry-After before any row is deleted, so the retry still finds the
 * conversations (and their DLQ entries, once Redis is back). Nothing is half-erased silently.
 */
@QuarkusTest
@TestProfile(RedisDownTest.NoRedis.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class ErasureRedisDownTest {

    @BeforeEach
    void clean() {
        TestDb.DB.exec("delete from conversations");
        TestDb.DB.exec("delete from audit_events");
    }

    @Test
    void erasure__withRedisDown__is503AndDeletesNothing() {
        UUID id = ErasureTest.seed("production", "conv-r1", "rita");
        for (String path : new String[] {"/api/v1/users/rita", "/api/v1/conversations/" + id}) {
            Response r = given().header("Authorization", Tokens.bearer()).delete(path);
            r.then().statusCode(503).body("code", equalTo("service_unavailable"));
            assertThat(r.header("Retry-After")).isNotNull();
        }
        assertThat(ErasureTest.rowsAbout(id)).isEqualTo(ErasureTest.SEEDED_ROWS);
        assertThat(TestDb.DB.count("select count(*) from audit_events")).isZero();
    }
}
