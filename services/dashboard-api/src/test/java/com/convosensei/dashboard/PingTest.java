package com.convosensei.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = "sensei_test_dashboard"))
class PingTest {
    @Test
    void ok() {
        given().header("Authorization", TestTokens.bearer()).get("/api/v1/ping").then().statusCode(200).body("settings_rows", equalTo(1));
    }
    @Test
    void expired() {
        given().header("Authorization", "Bearer " + TestTokens.expired()).get("/api/v1/ping").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().header("Authorization", "Bearer " + TestTokens.algNone()).get("/api/v1/ping").then().statusCode(401);
        given().header("Authorization", "Bearer " + TestTokens.wrongAudience()).get("/api/v1/ping").then().statusCode(401);
        given().header("Authorization", "Bearer " + TestTokens.tampered()).get("/api/v1/ping").then().statusCode(401);
        given().header("Authorization", "Bearer " + TestTokens.wrongSecret()).get("/api/v1/ping").then().statusCode(401);
        given().get("/api/v1/ping").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().header("Authorization", TestTokens.bearer()).get("/api/v1/nope").then().statusCode(404).body("code", equalTo("not_found"));
    }
}
