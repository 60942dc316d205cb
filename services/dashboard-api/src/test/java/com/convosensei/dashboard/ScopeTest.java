package com.convosensei.dashboard;

import static com.convosensei.dashboard.Api.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.dashboard.repository.ScopeRepository;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scope picker's options ({@code GET /api/v1/scope}) and the {@code environment} + {@code tag} scope every
 * analytics and list endpoint takes (issue 13 item 1).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class ScopeTest {

    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    UUID prodGpt;
    UUID prodClaude;
    UUID stagingFailing;

    /**
     * production: 2 conversations (model gpt-4o healthy, claude failing); staging: 4, 3 of them failing, all on
     * gpt-4o; load-test: 1 with numeric and boolean tags and a long free-text value.
     */
    @BeforeEach
    void seed() {
        TestDb.truncate();
        prodGpt = TestDb.conversation("p1").health(90.0).metadata("{\"model\":\"gpt-4o\",\"agent\":\"v2\"}")
                .activity(now.minus(1, ChronoUnit.HOURS)).insert();
        prodClaude = TestDb.conversation("p2").health(30.0).failing("user_frustration")
                .metadata("{\"model\":\"claude\",\"agent\":\"v2\"}").activity(now.minus(2, ChronoUnit.HOURS)).insert();
        TestDb.failure(prodClaude, "user_frustration", "high", "open", now.minus(2, ChronoUnit.HOURS));
        for (int i = 0; i < 4; i++) {
            UUID id = TestDb.conversation("s" + i).env("staging").health(i < 3 ? 20.0 : 80.0)
                    .failing(i < 3 ? new String[] {"agent_refusal"} : new String[0])
                    .metadata("{\"model\":\"gpt-4o\",\"agent\":\"v3\"}").activity(now.minus(3 + i, ChronoUnit.HOURS))
                    .insert();
            if (i < 3) {
                TestDb.failure(id, "agent_refusal", "high", "open", now.minus(3 + i, ChronoUnit.HOURS));
                stagingFailing = id;
            }
        }
        TestDb.conversation("l1").env("load-test")
                .metadata("{\"version\":3,\"beta\":true,\"note\":\"" + "x".repeat(150) + "\",\"nested\":{\"a\":1}}")
                .activity(now.minus(10, ChronoUnit.DAYS)).insert();
    }

    @Test
    void scope__listsEnvironmentsWithCountsMostConversationsFirst() {
        JsonPath body = api().get("/api/v1/scope").then().statusCode(200)
                .body("environments.name", contains("staging", "production", "load-test"))
                .body("environments.conversations", contains(4, 2, 1))
                .body("environments.conversations_capped", contains(false, false, false))
                .extract().jsonPath();
        assertThat(Instant.parse(body.getString("environments[1].last_activity_at")))
                .isEqualTo(now.minus(1, ChronoUnit.HOURS));
    }

    @Test
    void scope__countsStopAtTheCap_andSaySo() {
        TestDb.DB.exec("""
                insert into conversations (external_id, environment, last_activity_at)
                select 'bulk-' || i, 'load', now() - interval '20 days' from generate_series(1, 10005) i""");
        api().get("/api/v1/scope").then().statusCode(200)
                .body("environments.name", contains("load", "staging", "production", "load-test"))
                .body("environments[0].conversations", equalTo(ScopeRepository.COUNT_CAP))
                .body("environments[0].conversations_capped", equalTo(true))
                .body("environments[1].conversations_capped", equalTo(false));
    }

    @Test
    void scope__tagsAreTheCommonScalarKeysAndValuesOfTheSample() {
        JsonPath body = api().get("/api/v1/scope").then().statusCode(200)
                .body("tags_sampled", equalTo(7)).extract().jsonPath();
        // keys most common first; numbers and booleans as JSON text; objects and over-long values are not tags
        assertThat(body.getList("tags.key", String.class)).containsExactly("agent", "model", "beta", "version");
        assertThat(body.getList("tags.find { it.key == 'model' }.values.value", String.class))
                .containsExactly("gpt-4o", "claude");
        assertThat(body.getList("tags.find { it.key == 'model' }.values.conversations", Integer.class))
                .containsExactly(5, 1);
        assertThat(body.getList("tags.find { it.key == 'version' }.values.value", String.class)).containsExactly("3");
        assertThat(body.getList("tags.find { it.key == 'beta' }.values.value", String.class)).containsExactly("true");
    }

    @Test
    void scope__withAnEnvironment__offersThatEnvironmentsTagsOnly() {
        api().queryParam("environment", "production").get("/api/v1/scope").then().statusCode(200)
                .body("environments.name", contains("staging", "production", "load-test"))
                .body("tags_sampled", equalTo(2))
                .body("tags.find { it.key == 'agent' }.values.value", contains("v2"))
                .body("tags.find { it.key == 'model' }.values.value", containsInAnyOrder("gpt-4o", "claude"));
        api().queryParam("environment", "nowhere").get("/api/v1/scope").then().statusCode(200)
                .body("tags_sampled", equalTo(0)).body("tags.size()", equalTo(0));
    }

    @Test
    void summary__environmentAndTagNarrowTheNumbers() {
        summary(Map.of("environment", "production")).then().statusCode(200)
                .body("conversations.current", equalTo(2.0f)).body("failure_rate.current", equalTo(0.5f))
                .body("open_failures.current", equalTo(1.0f));
        summary(Map.of("environment", "staging")).then().statusCode(200)
                .body("conversations.current", equalTo(4.0f)).body("failure_rate.current", equalTo(0.75f))
                .body("open_failures.current", equalTo(3.0f));
        summary(Map.of("environment", "production", "tag", "model:gpt-4o")).then().statusCode(200)
                .body("conversations.current", equalTo(1.0f)).body("failure_rate.current", equalTo(0.0f))
                .body("open_failures.current", equalTo(0.0f));
        // a tag alone spans environments; all-time total stays unscoped (it drives the first-run onboarding)
        summary(Map.of("tag", "model:gpt-4o")).then().statusCode(200)
                .body("conversations.current", equalTo(5.0f)).body("total_conversations", equalTo(7));
    }

    @Test
    void summary__repeatedTagsMustAllHold_andNumbersMatchAsText() {
        api().queryParam("timeframe", "30d").queryParam("tag", "model:gpt-4o", "agent:v3")
                .get("/api/v1/analytics/summary").then().statusCode(200).body("conversations.current", equalTo(4.0f));
        api().queryParam("timeframe", "30d").queryParam("tag", "model:claude", "agent:v3")
                .get("/api/v1/analytics/summary").then().statusCode(200).body("conversations.current", equalTo(0.0f));
        api().queryParam("timeframe", "30d").queryParam("tag", "version:3")
                .get("/api/v1/analytics/summary").then().statusCode(200).body("conversations.current", equalTo(1.0f));
    }

    @Test
    void healthDistributionAndTrends__takeTheScope() {
        api().queryParam("environment", "staging").queryParam("tag", "agent:v3")
                .get("/api/v1/analytics/health-distribution").then().statusCode(200)
                .body("scored", equalTo(4)).body("buckets[2].count", equalTo(3));
        api().queryParam("environment", "production").queryParam("tag", "model:gpt-4o")
                .get("/api/v1/analytics/health-distribution").then().statusCode(200).body("scored", equalTo(1));
        JsonPath trends = api().queryParam("timeframe", "7d").queryParam("environment", "staging")
                .get("/api/v1/analytics/failures/trends").then().statusCode(200).extract().jsonPath();
        assertThat(trends.getList("points.total", Integer.class).stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
        JsonPath tagged = api().queryParam("timeframe", "7d").queryParam("tag", "model:claude")
                .get("/api/v1/analytics/failures/trends").then().statusCode(200).extract().jsonPath();
        assertThat(tagged.getList("points.total", Integer.class).stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    }

    @Test
    void failureList__takesEnvironmentAndTag() {
        assertThat(Api.ids("/api/v1/failures", Map.of("environment", "staging"))).hasSize(3);
        List<String> prod = api().queryParam("environment", "production").get("/api/v1/failures").then()
                .statusCode(200).extract().jsonPath().getList("items.conversation_id");
        assertThat(prod).containsExactly(prodClaude.toString());
        assertThat(Api.ids("/api/v1/failures", Map.of("environment", "production", "tag", "model:gpt-4o"))).isEmpty();
        assertThat(Api.ids("/api/v1/failures", Map.of("tag", "agent:v3"))).hasSize(3);
    }

    @Test
    void conversationList__takesTags() {
        assertThat(Api.ids("/api/v1/conversations", Map.of("environment", "production", "tag", "model:gpt-4o")))
                .containsExactly(prodGpt.toString());
        // the tag works with the health sort's two-branch keyset query too: worst first, gpt-4o only
        JsonPath byHealth = api().queryParams(Map.of("tag", "model:gpt-4o", "sort", "health"))
                .get("/api/v1/conversations").then().statusCode(200).extract().jsonPath();
        assertThat(byHealth.getList("items.environment", String.class)).containsExactly("staging", "staging", "staging",
                "staging", "production");
        assertThat(byHealth.getList("items.health_score", Float.class)).startsWith(20.0f).endsWith(90.0f);
        assertThat(Api.ids("/api/v1/conversations", Map.of("tag", "model:nobody"))).isEmpty();
    }

    @Test
    void badTags__are400NamingTag() {
        for (String path : List.of("/api/v1/analytics/summary", "/api/v1/analytics/health-distribution",
                "/api/v1/analytics/failures/trends", "/api/v1/failures", "/api/v1/conversations")) {
            for (String bad : List.of("nocolon", ":value", "key:", "k".repeat(101) + ":v", "k:" + "v".repeat(201))) {
                Response r = api().queryParam("tag", bad).get(path);
                assertThat(r.statusCode()).as(path + " tag=" + bad).isEqualTo(400);
                assertThat(r.jsonPath().getString("code")).isEqualTo("validation_failed");
                assertThat(r.jsonPath().getList("details.field", String.class)).as(r.asString()).containsExactly("tag");
            }
            Response many = api().queryParam("tag", "a:1", "b:2", "c:3", "d:4", "e:5", "f:6").get(path);
            assertThat(many.statusCode()).as(path + " six tags").isEqualTo(400);
            assertThat(many.jsonPath().getString("details[0].reason")).contains("at most 5");
            // a value may itself hold colons (split at the first one)
            api().queryParam("tag", "url:https://x").get(path).then().statusCode(200);
        }
        Response longEnv = api().queryParam("environment", "e".repeat(65)).get("/api/v1/scope");
        assertThat(longEnv.statusCode()).isEqualTo(400);
        assertThat(longEnv.jsonPath().getList("details.field", String.class)).containsExactly("environment");
    }

    @Test
    void scope__viewersMayRead_othersAreRefused() {
        given().header("Authorization", TestTokens.viewerBearer()).get("/api/v1/scope").then().statusCode(200)
                .body("environments.size()", equalTo(3));
        given().get("/api/v1/scope").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().header("Authorization", TestTokens.noRoleBearer()).get("/api/v1/scope").then().statusCode(403);
    }

    private Response summary(Map<String, String> scope) {
        return api().queryParam("timeframe", "7d").queryParams(scope).get("/api/v1/analytics/summary");
    }
}
