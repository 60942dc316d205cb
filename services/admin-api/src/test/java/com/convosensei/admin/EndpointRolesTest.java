package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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
 * Every admin-api endpoint with who may call it. Adding an endpoint without listing it here fails
 * {@link #everyEndpointIsListed} (the list is compared with the service's own OpenAPI document).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class EndpointRolesTest {

    /** Who gets past authorization (the endpoint may still refuse the request itself, e.g. 400 or 404). */
    enum Access {
        /** admins only: viewers and users without a role get 403 */
        ADMIN,
        /** admins and viewers: users without a role get 403 */
        READ,
        /** any valid token, even without a Sensei role (the dashboard asks who it is) */
        ANY_TOKEN,
        /** no token needed */
        PUBLIC
    }

    static final Map<String, Access> ENDPOINTS = Map.ofEntries(
            Map.entry("POST /api/v1/auth/login", Access.PUBLIC),
            Map.entry("GET /api/v1/auth/me", Access.ANY_TOKEN),
            Map.entry("GET /api/v1/alerts", Access.READ),
            Map.entry("GET /api/v1/alerts/deliveries", Access.READ),
            Map.entry("GET /api/v1/saved-views", Access.READ),
            Map.entry("POST /api/v1/saved-views", Access.READ),
            Map.entry("GET /api/v1/saved-views/{id}", Access.READ),
            Map.entry("PUT /api/v1/saved-views/{id}", Access.READ),
            Map.entry("DELETE /api/v1/saved-views/{id}", Access.READ),
            Map.entry("GET /api/v1/api-keys", Access.ADMIN),
            Map.entry("POST /api/v1/api-keys", Access.ADMIN),
            Map.entry("GET /api/v1/api-keys/{id}", Access.ADMIN),
            Map.entry("PATCH /api/v1/api-keys/{id}", Access.ADMIN),
            Map.entry("DELETE /api/v1/api-keys/{id}", Access.ADMIN),
            Map.entry("GET /api/v1/settings", Access.ADMIN),
            Map.entry("PUT /api/v1/settings", Access.ADMIN),
            Map.entry("POST /api/v1/settings/test-alert", Access.ADMIN),
            Map.entry("GET /api/v1/admin/dlq", Access.ADMIN),
            Map.entry("POST /api/v1/admin/dlq/{id}/replay", Access.ADMIN),
            Map.entry("PATCH /api/v1/failures/{id}", Access.ADMIN),
            Map.entry("POST /api/v1/failures/bulk-status", Access.ADMIN),
            Map.entry("POST /api/v1/failures/{id}/notes", Access.ADMIN),
            Map.entry("DELETE /api/v1/failures/{id}/notes/{noteId}", Access.ADMIN),
            Map.entry("POST /api/v1/analytics/patterns/run", Access.ADMIN),
            Map.entry("GET /api/v1/members", Access.ADMIN),
            Map.entry("PUT /api/v1/members/{subject}/role", Access.ADMIN),
            Map.entry("DELETE /api/v1/users/{user_id}", Access.ADMIN),
            Map.entry("DELETE /api/v1/conversations/{id}", Access.ADMIN),
            Map.entry("GET /api/v1/retention", Access.ADMIN),
            Map.entry("PUT /api/v1/retention", Access.ADMIN),
            Map.entry("GET /api/v1/me/preferences", Access.READ),
            Map.entry("PATCH /api/v1/me/preferences", Access.READ),
            Map.entry("POST /api/v1/me/summary-email", Access.ADMIN),
            // the unsubscribe link in an email: no sign-in, the signed token in the link decides (400 without one)
            Map.entry("GET /api/v1/email/unsubscribe", Access.PUBLIC),
            Map.entry("POST /api/v1/email/unsubscribe", Access.PUBLIC),
            Map.entry("POST /api/v1/waitlist", Access.PUBLIC),
            Map.entry("GET /api/v1/waitlist/confirm", Access.PUBLIC),
            Map.entry("GET /api/v1/waitlist", Access.ADMIN),
            Map.entry("GET /api/v1/waitlist/export.csv", Access.ADMIN),
            Map.entry("DELETE /api/v1/waitlist/{id}", Access.ADMIN),
            Map.entry("POST /api/v1/waitlist/erase", Access.ADMIN));

    enum Caller { ADMIN, VIEWER, NO_ROLE, NO_TOKEN }

    static Stream<Arguments> cases() {
        return ENDPOINTS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(e -> Stream.of(Caller.values()).map(c -> Arguments.of(e.getKey(), e.getValue(), c)));
    }

    @ParameterizedTest(name = "{0} as {2}")
    @MethodSource("cases")
    void endpoint__asEachCaller__isAllowedOrRefusedAsListed(String endpoint, Access access, Caller caller) {
        Response r = call(endpoint, caller);
        int status = r.statusCode();
        boolean allowed = switch (caller) {
            case ADMIN -> true;
            case VIEWER -> access != Access.ADMIN;
            case NO_ROLE -> access == Access.ANY_TOKEN || access == Access.PUBLIC;
            case NO_TOKEN -> access == Access.PUBLIC;
        };
        if (allowed) {
            assertThat(status).as(endpoint + " as " + caller + ": " + r.asString()).isNotIn(401, 403, 500);
        } else if (caller == Caller.NO_TOKEN) {
            assertThat(status).as(endpoint + " without a token").isEqualTo(401);
            assertThat(r.jsonPath().getString("code")).isEqualTo("unauthorized");
        } else {
            assertThat(status).as(endpoint + " as " + caller + ": " + r.asString()).isEqualTo(403);
            assertThat(r.jsonPath().getString("code")).isEqualTo("forbidden");
            assertThat(r.jsonPath().getString("message")).isEqualTo(caller == Caller.VIEWER
                    ? "this needs the admin role"
                    : "your account has no Sensei role: ask an admin to make you a viewer or admin");
        }
    }

    @Test
    void everyEndpointIsListed() {
        JsonPath openapi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Set<String> served = new TreeSet<>();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        // /test-only/* are resources of this module's tests (e.g. a serializer that fails), never shipped
        paths.entrySet().stream().filter(p -> !p.getKey().startsWith("/test-only/")).forEach(p -> p.getValue().keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m))
                .forEach(m -> served.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        assertThat(served).as("endpoints served vs. listed in ENDPOINTS (list new ones with their access)")
                .isEqualTo(new TreeSet<>(ENDPOINTS.keySet()));
    }

    private static Response call(String endpoint, Caller caller) {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1)
                .replace("{id}", UUID.randomUUID().toString()).replace("{noteId}", UUID.randomUUID().toString())
                .replace("{subject}", "nobody-" + UUID.randomUUID())
                .replace("{user_id}", "nobody-" + UUID.randomUUID());
        RequestSpecification spec = given().contentType(ContentType.JSON);
        switch (caller) {
            case ADMIN -> spec.header("Authorization", TestTokens.bearer());
            case VIEWER -> spec.header("Authorization", TestTokens.viewerBearer());
            case NO_ROLE -> spec.header("Authorization", TestTokens.noRoleBearer());
            case NO_TOKEN -> { }
        }
        if (!method.equals("GET") && !method.equals("DELETE")) {
            // a body the endpoint refuses (400) or ignores: authorization must decide before any of it is read
            spec.body(endpoint.endsWith("/login") ? "{\"email\":\"x@example.com\"}" : "{}");
        }
        return spec.request(method, path);
    }
}
