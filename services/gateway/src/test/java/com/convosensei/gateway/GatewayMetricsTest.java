package com.convosensei.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.platform.testing.Scrape;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The gateway's metrics are on the management interface only: {@code /q/metrics} on the public port is a 404 in the
 * error envelope (and never proxied to a service), the management port serves it, health stays public, and the
 * {@code uri} tag stays bounded however many ids the proxied paths carry.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class GatewayMetricsTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    /** Only scheme, host and port of the injected URL: Quarkus puts the management root path (/q) into it. */
    private Scrape scrape() {
        return Scrape.at(management.getProtocol() + "://" + management.getHost() + ":" + management.getPort());
    }

    @Test
    void metrics__onThePublicPort__is404InTheEnvelope_neverProxied() {
        // dot segments (plain or percent-encoded) are resolved before routing: none of these reaches the proxy
        for (String path : new String[] {"/q/metrics", "/q/metrics/", "/q/metrics?name=jvm", "/api/v1/../q/metrics",
                "/api/v1/%2e%2e/q/metrics", "/api/v1/%2E%2E/%2E%2E/q/metrics"}) {
            io.restassured.response.Response r = given().urlEncodingEnabled(false).get(path);
            assertThat(r.statusCode()).as(path + ": " + r.asString()).isIn(400, 404);
            assertThat(r.asString()).as(path).doesNotContain("\"service\"").doesNotContain("jvm_");
        }
        given().get("/q/metrics").then().statusCode(404)
                .header("Content-Type", org.hamcrest.Matchers.startsWith("application/json"))
                .body("code", equalTo("not_found"))
                .body("details.size()", equalTo(0));
        // /api/v1/q/metrics goes to dashboard-api like any /api/v1 path: the stand-in echoes it, nothing else
        given().get("/api/v1/q/metrics").then().body("service", equalTo("dashboard"));
    }

    @Test
    void metrics__onTheManagementPort__servesPrometheusText_healthStaysPublic() {
        assertThat(management.getPort()).as("a port of its own").isPositive()
                .isNotEqualTo(io.restassured.RestAssured.port);
        Scrape scrape = scrape();
        assertThat(scrape.value("jvm_memory_used_bytes", "area", "heap", "service", "gateway")).isPositive();
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void uriTag__isATemplate__notTheIdsOfProxiedPaths() {
        String id = UUID.randomUUID().toString();
        given().get("/api/v1/conversations/" + id).then().statusCode(200);
        given().get("/api/v1/conversations/" + id + "/messages").then().statusCode(200);
        given().get("/conversations/" + id).then().statusCode(200); // a dashboard page (SPA fallback)
        given().get("/assets/app-123.js").then().statusCode(200);
        given().get("/no-such-" + id + ".txt").then().statusCode(404);
        Scrape scrape = scrape();

        assertThat(scrape.text()).doesNotContain(id);
        assertThat(scrape.value("http_server_requests_seconds_count", "uri", "/api/v1/conversations/*",
                "method", "GET", "status", "200")).isGreaterThanOrEqualTo(2);
        assertThat(scrape.has("http_server_requests_seconds_bucket", "uri", "/api/v1/conversations/*")).isTrue();
        assertThat(scrape.has("http_server_requests_seconds_count", "uri", "/assets/*")).isTrue();
        assertThat(scrape.has("http_server_requests_seconds_count", "uri", "/*", "status", "200")).isTrue();
        assertThat(scrape.matching("http_server_requests_seconds_count").stream()
                .map(s -> s.labels().get("uri")).distinct().count()).as("uri values").isLessThan(20);
    }
}
