package com.convosensei.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class GatewayTest {

    @Test
    void read__isProxiedToDashboard_withAuthAndRequestIdPassedThrough() {
        given().header("Authorization", "Bearer abc.def.ghi").header("X-Request-Id", "req-42")
                .get("/api/v1/conversations?limit=5")
                .then().statusCode(200)
                .header("X-Request-Id", equalTo("req-42"))
                .body("service", equalTo("dashboard"))
                .body("path", equalTo("/api/v1/conversations?limit=5"))
                .body("authorization", equalTo("Bearer abc.def.ghi"))
                .body("request_id", equalTo("req-42"));
    }

    @Test
    void requestWithoutId__getsOneGenerated_andForwarded() {
        String id = given().get("/api/v1/failures").then().statusCode(200)
                .body("service", equalTo("dashboard")).extract().header("X-Request-Id");
        given().get("/api/v1/failures").then().body("request_id", not(equalTo(id)));
        org.assertj.core.api.Assertions.assertThat(id).hasSizeGreaterThan(10);
    }

    @Test
    void write__isProxiedToAdmin_withBody() {
        given().contentType("application/json").body("{\"status\":\"resolved\"}")
                .patch("/api/v1/failures/0d6c6a38-4c5e-4a4a-9d2b-1b9e3a4c2f10")
                .then().statusCode(200)
                .body("service", equalTo("admin"))
                .body("method", equalTo("PATCH"))
                .body("body_bytes", equalTo(21));
    }

    @Test
    void upstreamDown__answers502InTheErrorEnvelope() {
        given().contentType("application/json").body("{}")
                .post("/api/v1/conversations/track")
                .then().statusCode(502)
                .header("Retry-After", equalTo("2"))
                .body("code", equalTo("bad_gateway"))
                .body("details.size()", equalTo(0));
    }

    @Test
    void dashboardBuild__servedAtRoot_withSpaFallback() {
        given().get("/").then().statusCode(200).body(containsString("Sensei dashboard"));
        given().get("/conversations/123").then().statusCode(200).body(containsString("Sensei dashboard"))
                .header("Cache-Control", equalTo("no-cache"));
        given().get("/assets/app-123.js").then().statusCode(200).body(containsString("sensei"))
                .header("Cache-Control", containsString("immutable"));
        given().get("/assets/missing.js").then().statusCode(404);
    }

    @Test
    void runtimeConfig__exposesOnlyPublicSettings() {
        given().get("/config.json").then().statusCode(200)
                .body("public_url", equalTo("https://sensei.example.com"))
                .body("supabase_url", nullValue())
                .body("supabase_anon_key", nullValue());
    }

    @Test
    void health__isServedByTheGatewayItself() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
