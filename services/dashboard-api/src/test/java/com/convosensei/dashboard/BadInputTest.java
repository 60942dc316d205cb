package com.convosensei.dashboard;

import static com.convosensei.dashboard.Api.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.RawHttp;
import com.convosensei.platform.testing.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * Query parameters that used to reach PostgreSQL as U+0000 (a 500, SQLSTATE 22021), malformed escapes, over-long
 * URIs and headers: each is a 4xx in the error envelope naming what is wrong (issue 10 item 12).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class BadInputTest {

    private static void envelope(Response r, int status, String field) {
        r.then().statusCode(status).contentType(ContentType.JSON);
        assertThat(r.jsonPath().getString("message")).isNotBlank();
        assertThat(r.jsonPath().getString("code")).isNotBlank();
        assertThat(r.jsonPath().getList("details")).isNotNull();
        if (field != null) {
            assertThat(r.jsonPath().getList("details.field", String.class)).as(r.asString()).contains(field);
        }
    }

    private static Response raw(String pathAndQuery) {
        return api().urlEncodingEnabled(false).get(pathAndQuery);
    }

    @Test
    void nulInQueryParameters__is400NamingTheParameter() {
        envelope(raw("/api/v1/conversations?q=a%00b"), 400, "q");
        envelope(raw("/api/v1/conversations?environment=prod%00"), 400, "environment");
        envelope(raw("/api/v1/failures?environment=%00"), 400, "environment");
        envelope(raw("/api/v1/analytics/summary?environment=x%00"), 400, "environment");
        // and the same values without the NUL are served
        raw("/api/v1/conversations?q=ab&environment=prod").then().statusCode(200);
    }

    /** Sent byte for byte: HTTP clients refuse to send these targets at all. */
    private static void rawEnvelope(String target, int status, String field) throws Exception {
        RawHttp.Answer a = RawHttp.get(RestAssured.port, target, "Authorization: " + TestTokens.bearer());
        assertThat(a.status()).as(target + " -> " + a.body()).isEqualTo(status);
        assertThat(a.contentType()).as(target).startsWith("application/json");
        JsonNode j = new ObjectMapper().readTree(a.body());
        assertThat(j.path("message").isTextual() && j.path("code").isTextual() && j.path("details").isArray()).as(a.body()).isTrue();
        if (field != null) {
            assertThat(j.path("details").findValuesAsText("field")).as(a.body()).contains(field);
        }
    }

    @Test
    void malformedOrNonUtf8Escapes__are400() throws Exception {
        rawEnvelope("/api/v1/conversations?q=%zz", 400, "q");
        rawEnvelope("/api/v1/conversations?q=100%", 400, "q");
        rawEnvelope("/api/v1/conversations?q=%ED%A0%80", 400, "q"); // a UTF-8-encoded lone surrogate
        rawEnvelope("/api/v1/conversations?q=%C0%AF", 400, "q");    // an overlong encoding
        rawEnvelope("/api/v1/conversations?%zz=1", 400, "query");
        rawEnvelope("/api/v1/conversations/%zz", 400, "path");
        rawEnvelope("/api/v1/conversations/a%00b/messages", 400, "path");
        rawEnvelope("/api/v1/conversations?q=a|b", 400, "uri");     // raw characters java.net.URI refuses
        rawEnvelope("/api/v1/conversations/{id}", 400, "uri");
        raw("/api/v1/conversations?q=%F0%9F%98%80").then().statusCode(200); // a real emoji is fine
    }

    @Test
    void overLongUrisAndHeaders__are414And431InTheEnvelope() {
        envelope(api().get("/api/v1/conversations?q=" + "a".repeat(9_000)), 414, "uri");
        envelope(api().get("/api/v1/conversations?q=" + "a".repeat(60_000)), 414, "uri");
        envelope(api().header("X-Big", "b".repeat(17_000)).get("/api/v1/conversations"), 431, "headers");
        // just under the limits: served
        api().get("/api/v1/conversations?q=" + "a".repeat(200)).then().statusCode(200);
    }

    @Test
    void unknownPathsAndMethods__areInTheEnvelope() {
        envelope(api().get("/api/v1/nothing-here"), 404, null);
        envelope(given().get("/nothing-at-all"), 404, null);
        envelope(api().delete("/api/v1/conversations"), 405, null);
        envelope(api().contentType(ContentType.JSON).body("{}").post("/api/v1/conversations"), 405, null);
        envelope(api().get("/api/v1/conversations?limit=abc"), 400, "limit");
    }
}
