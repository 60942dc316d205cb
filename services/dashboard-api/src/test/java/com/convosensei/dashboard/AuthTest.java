package com.convosensei.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class AuthTest {

    static final String ID = UUID.randomUUID().toString();
    static final List<String> ENDPOINTS = List.of(
            "/api/v1/conversations", "/api/v1/conversations/" + ID, "/api/v1/conversations/" + ID + "/messages",
            "/api/v1/conversations/" + ID + "/health", "/api/v1/conversations/" + ID + "/failures",
            "/api/v1/failures", "/api/v1/analytics/summary", "/api/v1/analytics/health-distribution",
            "/api/v1/analytics/patterns", "/api/v1/analytics/patterns/runs/" + ID,
            "/api/v1/analytics/failures/trends");

    @Test
    void everyEndpoint__withoutToken__returns401Envelope() {
        for (String path : ENDPOINTS) {
            given().get(path).then().statusCode(401).body("code", equalTo("unauthorized"));
        }
    }

    @Test
    void everyEndpoint__withBrokenTokens__returns401() {
        List<String> broken = List.of(TestTokens.expired(), TestTokens.wrongSecret(), TestTokens.algNone(),
                TestTokens.wrongAudience(), TestTokens.tampered(), "not-a-jwt");
        for (String path : ENDPOINTS) {
            for (String token : broken) {
                given().header("Authorization", "Bearer " + token).get(path)
                        .then().statusCode(401).body("code", equalTo("unauthorized"));
            }
        }
    }

    @Test
    void tokens__expiredSecondsAgo_orIssuedInTheFuture__are401Envelopes() {
        for (String token : List.of(TestTokens.expiredSecondsAgo(5), TestTokens.issuedInFuture(86_400))) {
            given().header("Authorization", "Bearer " + token).get("/api/v1/analytics/patterns")
                    .then().statusCode(401).body("code", equalTo("unauthorized"));
        }
        given().header("Authorization", "Bearer " + TestTokens.expiredSecondsAgo(-3600)).get("/api/v1/analytics/patterns")
                .then().statusCode(200);
    }

    @Test
    void groupsClaim__grantsNoRole() {
        long now = java.time.Instant.now().getEpochSecond();
        String token = TestTokens.sign(TestTokens.SECRET, "{\"iss\":\"sensei-local\",\"sub\":\"sub-groups\",\"email\":\"g@example.com\","
                + "\"aud\":\"authenticated\",\"groups\":[\"admin\",\"viewer\"],\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}");
        given().header("Authorization", "Bearer " + token).get("/api/v1/analytics/patterns")
                .then().statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void validToken__reachesTheEndpoint() {
        given().header("Authorization", TestTokens.bearer()).get("/api/v1/analytics/patterns").then().statusCode(200);
        given().header("Authorization", TestTokens.bearer()).get("/api/v1/nope")
                .then().statusCode(404).body("code", equalTo("not_found"));
    }
}
