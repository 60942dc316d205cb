package com.convosensei.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every dashboard-api endpoint with who may call it: all are reads, so admins and viewers pass, users without a
 * Sensei role get 403 and requests without a token 401. An endpoint added without being listed here fails
 * {@link #everyEndpointIsListed} (compared with the service's OpenAPI document).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class EndpointRolesTest {

    enum Access { READ }

    static final Map<String, Access> ENDPOINTS = Map.ofEntries(
            Map.entry("GET /api/v1/conversations", Access.READ),
            Map.entry("GET /api/v1/conversations/count", Access.READ),
            Map.entry("GET /api/v1/conversations/export", Access.READ),
            Map.entry("GET /api/v1/conversations/{id}", Access.READ),
            Map.entry("GET /api/v1/conversations/{id}/messages", Access.READ),
            Map.entry("GET /api/v1/conversations/{id}/health", Access.READ),
            Map.entry("GET /api/v1/conversations/{id}/failures", Access.READ),
            Map.entry("GET /api/v1/conversations/{id}/feedback", Access.READ),
            Map.entry("GET /api/v1/failures", Access.READ),
            Map.entry("GET /api/v1/failures/count", Access.READ),
            Map.entry("GET /api/v1/failures/export", Access.READ),
            Map.entry("GET /api/v1/failures/groups", Access.READ),
            Map.entry("GET /api/v1/failures/{id}/notes", Access.READ),
            Map.entry("GET /api/v1/analytics/summary", Access.READ),
            Map.entry("GET /api/v1/analytics/health-distribution", Access.READ),
            Map.entry("GET /api/v1/analytics/failures/trends", Access.READ),
            Map.entry("GET /api/v1/analytics/patterns", Access.READ),
            Map.entry("GET /api/v1/analytics/patterns/runs/{id}", Access.READ),
            Map.entry("GET /api/v1/analytics/patterns/runs/{id}/trends", Access.READ),
            Map.entry("GET /api/v1/analytics/timeseries", Access.READ),
            Map.entry("GET /api/v1/analytics/changes", Access.READ),
            Map.entry("GET /api/v1/conversations/by-external-id/{id}", Access.READ),
            Map.entry("GET /api/v1/scope", Access.READ));

    enum Caller { ADMIN, VIEWER, NO_ROLE, NO_TOKEN }

    static Stream<Arguments> cases() {
        return ENDPOINTS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(e -> Stream.of(Caller.values()).map(c -> Arguments.of(e.getKey(), e.getValue(), c)));
    }

    @ParameterizedTest(name = "{0} as {2}")
    @MethodSource("cases")
    void endpoint__asEachCaller__isAllowedOrRefusedAsListed(String endpoint, Access access, Caller caller) {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1).replace("{id}", UUID.randomUUID().toString());
        RequestSpecification spec = given();
        switch (caller) {
            case ADMIN -> spec.header("Authorization", TestTokens.bearer());
            case VIEWER -> spec.header("Authorization", TestTokens.viewerBearer());
            case NO_ROLE -> spec.header("Authorization", TestTokens.noRoleBearer());
            case NO_TOKEN -> { }
        }
        Response r = spec.request(method, path);
        switch (caller) {
            case ADMIN, VIEWER -> assertThat(r.statusCode()).as(endpoint + " as " + caller + ": " + r.asString()).isIn(200, 404);
            case NO_ROLE -> {
                assertThat(r.statusCode()).as(endpoint + " without a role").isEqualTo(403);
                assertThat(r.jsonPath().getString("code")).isEqualTo("forbidden");
                assertThat(r.jsonPath().getString("message")).contains("no Sensei role");
            }
            case NO_TOKEN -> {
                assertThat(r.statusCode()).as(endpoint + " without a token").isEqualTo(401);
                assertThat(r.jsonPath().getString("code")).isEqualTo("unauthorized");
            }
        }
    }

    @Test
    void everyEndpointIsListed() {
        JsonPath openapi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Set<String> served = new TreeSet<>();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m))
                .forEach(m -> served.add(m.toUpperCase(Locale.ROOT) + " " + path)));
        assertThat(served).as("endpoints served vs. listed in ENDPOINTS (list new ones with their access)")
                .isEqualTo(new TreeSet<>(ENDPOINTS.keySet()));
    }
}
