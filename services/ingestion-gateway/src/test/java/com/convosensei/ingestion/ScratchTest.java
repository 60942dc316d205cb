package com.convosensei.ingestion;

import static io.restassured.RestAssured.given;

import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestKeys.DB))
class ScratchTest {
    @Test
    void scratch() {
        TestKeys.Key key = TestKeys.create("scratch");
        String body = "{\"conversation_id\":\"c1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"timestamp\":\"2025-01-01T00:00:00Z\"}]}";
        System.out.println("OK: " + given().header("Authorization", key.bearer()).contentType("application/json").body(body).post("/api/v1/conversations/track").then().extract().asString());
        System.out.println("NOAUTH: " + given().contentType("application/json").body(body).post("/api/v1/conversations/track").then().extract().statusLine());
        String big = "{\"conversation_id\":\"" + "x".repeat(1100 * 1024) + "\"}";
        var r = given().header("Authorization", key.bearer()).contentType("application/json").body(big).post("/api/v1/conversations/track").then().extract();
        System.out.println("BIG: " + r.statusLine() + " " + r.headers() + " body=" + r.asString());
        r = given().header("Authorization", key.bearer()).contentType("text/plain").body("x").post("/api/v1/conversations/track").then().extract();
        System.out.println("415: " + r.statusLine() + " body=" + r.asString());
        r = given().header("Authorization", key.bearer()).body("{}".getBytes()).post("/api/v1/conversations/track").then().extract();
        System.out.println("NOCT: " + r.statusLine() + " body=" + r.asString());
    }
}
