package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.Scrape;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * /q/metrics of admin-api: HTTP timers per endpoint template with the service tag, the same for any id, one value for
 * unmatched paths, and the JVM meters the Grafana dashboard reads.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class HttpMetricsTest {

    private static final String COUNT = "http_server_requests_seconds_count";

    @Test
    void requests__countedPerTemplate_withTheServiceTag__idsAndUnmatchedPathsNeverTagValues() {
        String id = UUID.randomUUID().toString();
        String template = "/api/v1/saved-views/{id}";
        Scrape before = Scrape.now();
        given().get("/api/v1/saved-views/" + id).then().statusCode(401);
        given().get("/api/v1/saved-views/" + UUID.randomUUID()).then().statusCode(401);
        given().header("Authorization", TestTokens.bearer()).get("/api/v1/saved-views").then().statusCode(200);
        given().get("/no-such-" + id).then().statusCode(404);
        Scrape after = Scrape.now();

        assertThat(after.value(COUNT, "uri", template, "status", "401", "service", "admin-api")
                - before.value(COUNT, "uri", template, "status", "401", "service", "admin-api")).isEqualTo(2);
        assertThat(after.value(COUNT, "uri", "/api/v1/saved-views", "status", "200")
                - before.value(COUNT, "uri", "/api/v1/saved-views", "status", "200")).isEqualTo(1);
        assertThat(after.value(COUNT, "uri", "NOT_FOUND") - before.value(COUNT, "uri", "NOT_FOUND")).isEqualTo(1);
        assertThat(after.text()).doesNotContain(id);
        assertThat(after.has("http_server_requests_seconds_bucket", "uri", "/api/v1/saved-views", "le", "0.25")).isTrue();
        assertThat(after.value("jvm_memory_used_bytes", "area", "heap", "service", "admin-api")).isPositive();
        assertThat(after.has("jvm_memory_max_bytes", "service", "admin-api")).isTrue();
    }
}
