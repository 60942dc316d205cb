package com.convosensei.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
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
    void emailUnsubscribeLink__withoutAnyToken__reachesAdmin_getAndOneClickPost() {
        // opened from an email: no Authorization header; the gateway passes it on and admin-api checks the signed token
        given().get("/api/v1/email/unsubscribe?token=abc.def").then().statusCode(200)
                .body("service", equalTo("admin")).body("path", equalTo("/api/v1/email/unsubscribe?token=abc.def"))
                .body("authorization", equalTo("null")); // the echo's rendering of "no header"
        given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                .post("/api/v1/email/unsubscribe?token=abc.def").then().statusCode(200)
                .body("service", equalTo("admin")).body("method", equalTo("POST")).body("body_bytes", equalTo(26));
        given().get("/api/v1/me/preferences").then().statusCode(200).body("service", equalTo("admin"));
    }

    @Test
    void waitlistSignUp__reachesAdminWithoutAToken_withTheClientAddressTheGatewaySaw() {
        // the per-address sign-up limit keys on X-Forwarded-For: a client's own claim must not survive the gateway
        given().contentType("application/json").header("X-Forwarded-For", "203.0.113.50")
                .body("{\"email\":\"ann@example.com\"}").post("/api/v1/waitlist")
                .then().statusCode(200)
                .body("service", equalTo("admin"))
                .body("method", equalTo("POST"))
                .body("authorization", equalTo("null")) // none sent, none added
                .body("forwarded_for", equalTo("127.0.0.1"));
        given().get("/api/v1/waitlist/confirm?token=abc").then().statusCode(200).body("service", equalTo("admin"));
    }

    @Test
    void otlpPaths__areProxiedToIngestion_notTheDashboard() {
        // ingestion is down in this test: a 502 proves the route (the dashboard's SPA would answer 200/404)
        for (String path : new String[] {"/v1/traces", "/api/public/otel/v1/traces"}) {
            given().contentType("application/x-protobuf").body(new byte[0]).post(path)
                    .then().statusCode(502).body("code", equalTo("bad_gateway"));
        }
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
        given().get("/").then().statusCode(200).body(containsString("Sensei dashboard"))
                .header("Cache-Control", equalTo("no-cache")); // names the current assets: revalidated after a deploy
        given().get("/index.html").then().statusCode(200).header("Cache-Control", equalTo("no-cache"));
        given().get("/conversations/123").then().statusCode(200).body(containsString("Sensei dashboard"))
                .header("Cache-Control", equalTo("no-cache"));
        // the customer's conversation id may hold dots and encoded slashes: still the app's /c/ route
        given().get("/c/order-42.v1").then().statusCode(200).body(containsString("Sensei dashboard"));
        given().urlEncodingEnabled(false).get("/c/order%2F42.v1%20x").then().statusCode(200)
                .body(containsString("Sensei dashboard"));
        given().get("/assets/app-123.js").then().statusCode(200).body(containsString("sensei"))
                .header("Cache-Control", containsString("immutable"));
        given().get("/assets/missing.js").then().statusCode(404).header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void runtimeConfig__exposesOnlyPublicSettings() {
        given().get("/config.json").then().statusCode(200).header("Cache-Control", equalTo("no-cache"))
                .body("public_url", equalTo("https://sensei.example.com"))
                .body("supabase_url", nullValue())
                .body("supabase_anon_key", nullValue())
                // no POSTHOG_KEY here: analytics off, and the CSP names no analytics host
                .body("posthog.key", nullValue())
                .body("posthog.replay", equalTo(false))
                .header("Content-Security-Policy", not(containsString("posthog")))
                .header("Content-Security-Policy", containsString("connect-src 'self';"));
    }

    @Test
    void health__isServedByTheGatewayItself() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void forwardingHeaders__sentByTheClient__areReplacedByWhatTheGatewaySaw() {
        for (String spoofed : new String[] {"203.0.113.7", "198.51.100.1, 10.0.0.1", "unknown"}) {
            given().header("X-Forwarded-For", spoofed).header("Forwarded", "for=203.0.113.7;proto=https")
                    .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "evil.example")
                    .header("X-Real-IP", "203.0.113.8")
                    .get("/api/v1/conversations")
                    .then().statusCode(200)
                    .body("forwarded_for", equalTo("127.0.0.1")) // the real peer, whatever the client claimed
                    .body("forwarded_proto", equalTo("http"))
                    .body("forwarded_host", startsWith("localhost:"))
                    .body("forwarded", equalTo("null"))
                    .body("real_ip", equalTo("null"));
        }
    }

    @Test
    void securityHeaders__onPagesAndApiAnswers() {
        for (String path : new String[] {"/", "/conversations/1", "/config.json", "/api/v1/conversations"}) {
            given().get(path).then().statusCode(200)
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Referrer-Policy", equalTo("strict-origin-when-cross-origin"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", containsString("script-src 'self';"))
                    .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                    .header("Content-Security-Policy", containsString("object-src 'none'"))
                    .header("Strict-Transport-Security", nullValue()); // plain http: HSTS would be ignored anyway
        }
        // API answers (tokens, keys, personal data) never sit in a cache unless the service says otherwise
        given().get("/api/v1/conversations").then().header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void upstreamLocation__naming127001__isRewrittenToThePublicUrl() {
        given().redirects().follow(false).contentType("application/json").body("{}")
                .post("/api/v1/saved-views/redirect-me")
                .then().statusCode(201)
                .header("Location", equalTo("https://sensei.example.com/api/v1/saved-views/42?x=1"));
    }

    @Test
    void bodyOverTheLimit__is413InTheEnvelope_beforeAnythingIsProxied() throws Exception {
        for (long declared : new long[] {2_097_153L, 5_000_000_000L}) {
            RawHttp.Answer a = RawHttp.send(RestAssured.port, "POST /api/v1/failures/bulk-status HTTP/1.1\r\n"
                    + "Host: localhost\r\nContent-Type: application/json\r\nContent-Length: " + declared + "\r\n\r\n", null);
            assertThat(a.status()).as("declared %d", declared).isEqualTo(413);
            assertThat(a.header("Content-Type")).startsWith("application/json");
            assertThat(a.body()).contains("\"code\":\"payload_too_large\"").contains("\"field\":\"body\"");
        }
    }

    @Test
    void uriOverTheLimit__is414InTheEnvelope() {
        given().get("/api/v1/conversations?q=" + "a".repeat(9000)).then().statusCode(414)
                .body("code", equalTo("validation_failed")).body("details[0].field", equalTo("uri"));
    }

    @Test
    void badPercentEncoding__is400InTheEnvelope_atTheGateway() throws Exception {
        RawHttp.Answer query = RawHttp.send(RestAssured.port,
                "GET /api/v1/conversations?q=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", null);
        assertThat(query.status()).isEqualTo(400);
        assertThat(query.body()).contains("\"field\":\"q\"").contains("percent-escape");
        RawHttp.Answer path = RawHttp.send(RestAssured.port,
                "GET /conversations/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", null);
        assertThat(path.status()).isEqualTo(400);
        assertThat(path.body()).contains("\"field\":\"path\"");
        RawHttp.Answer raw = RawHttp.send(RestAssured.port,
                "GET /api/v1/conversations?q=a|b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", null);
        assertThat(raw.status()).isEqualTo(400);
        assertThat(raw.body()).contains("\"field\":\"uri\"").contains("percent-encoded");
    }

    @Test
    void gatewaysOwnNotFound__isInTheEnvelope() {
        given().post("/nowhere").then().statusCode(405).contentType("application/json") // the SPA fallback is GET-only
                .body("code", equalTo("method_not_allowed"));
        given().get("/q/nothing-here").then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void h2cUpgradePost__toIngestion__isAnEnvelopeNotA500() throws Exception {
        byte[] body = "{\"conversation_id\":\"c1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        RawHttp.Answer a = RawHttp.send(RestAssured.port, "POST /api/v1/conversations/track HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n", body);
        // ingestion is down in this test: the answer must be the gateway's 502 envelope, not a 500
        assertThat(a.status()).isEqualTo(502);
        assertThat(a.body()).contains("\"code\":\"bad_gateway\"");
    }

    @Test
    void readiness__namesEachUpstream_andIsDownWhileOneDoesNotAnswer() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'upstreams' }.data.'dashboard-api'", startsWith("UP"))
                .body("checks.find { it.name == 'upstreams' }.data.'admin-api'", startsWith("UP"))
                .body("checks.find { it.name == 'upstreams' }.data.'ingestion-gateway'", startsWith("DOWN"))
                .body("checks.find { it.name == 'upstreams' }.data.'dashboard-build'", equalTo("present"));
    }
}
