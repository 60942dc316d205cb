package com.convosensei.platform.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

/**
 * The HTTP-metrics contract every JWT-guarded service keeps on /q/metrics: timers per endpoint template with the
 * service tag, the same template for any id, one value for unmatched paths (so ids never become tag values), and the
 * JVM meters the Grafana dashboard reads. Called from each service's own HttpMetricsTest, against its running app.
 */
public final class HttpMetricsCheck {

    private static final String COUNT = "http_server_requests_seconds_count";

    private HttpMetricsCheck() {
    }

    /** {@code collection} is a list endpoint with a {@code /{id}} child, e.g. "/api/v1/saved-views". */
    public static void requestsCountedPerTemplate(String service, String collection) {
        String id = UUID.randomUUID().toString();
        String template = collection + "/{id}";
        Scrape before = Scrape.now();
        given().get(collection + "/" + id).then().statusCode(401);
        given().get(collection + "/" + UUID.randomUUID()).then().statusCode(401);
        given().header("Authorization", TestTokens.bearer()).get(collection).then().statusCode(200);
        given().get("/no-such-" + id).then().statusCode(404);
        Scrape after = Scrape.now();

        assertThat(after.value(COUNT, "uri", template, "status", "401", "service", service)
                - before.value(COUNT, "uri", template, "status", "401", "service", service)).isEqualTo(2);
        assertThat(after.value(COUNT, "uri", collection, "status", "200")
                - before.value(COUNT, "uri", collection, "status", "200")).isEqualTo(1);
        assertThat(after.value(COUNT, "uri", "NOT_FOUND") - before.value(COUNT, "uri", "NOT_FOUND")).isEqualTo(1);
        assertThat(after.text()).doesNotContain(id);
        assertThat(after.has("http_server_requests_seconds_bucket", "uri", collection, "le", "0.25")).isTrue();
        assertThat(after.value("jvm_memory_used_bytes", "area", "heap", "service", service)).isPositive();
        assertThat(after.has("jvm_memory_max_bytes", "service", service)).isTrue();
    }
}
