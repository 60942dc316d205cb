package com.convosensei.dashboard;

import static com.convosensei.dashboard.Api.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reads behind triage at scale: count and groups of the list's filter, false positives, notes. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class FailureTriageReadTest {

    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void clean() {
        TestDb.truncate();
    }

    @Test
    void count__matchesTheListFilter_includingFalsePositives() {
        UUID conv = TestDb.conversation("conv-count").insert();
        for (int i = 0; i < 5; i++) {
            TestDb.failure(conv, "user_frustration", "high", "open", now.minus(i, ChronoUnit.HOURS));
        }
        TestDb.failure(conv, "agent_refusal", "low", "false_positive", now.minus(3, ChronoUnit.DAYS));
        TestDb.failure(conv, "agent_refusal", "low", "ack", now.minus(20, ChronoUnit.DAYS));

        api().get("/api/v1/failures/count").then().statusCode(200).body("count", equalTo(7))
                .body("exact", equalTo(true));
        api().queryParam("status", "open").get("/api/v1/failures/count").then().body("count", equalTo(5));
        api().queryParam("status", "false_positive").get("/api/v1/failures/count").then().body("count", equalTo(1));
        api().queryParam("timeframe", "7d").queryParam("type", "agent_refusal").get("/api/v1/failures/count").then()
                .body("count", equalTo(1));
        // exact=true: what "select all N matching" offers (never the capped figure), same filter semantics
        api().queryParam("status", "open").queryParam("exact", "true").get("/api/v1/failures/count").then()
                .statusCode(200).body("count", equalTo(5)).body("method", equalTo("exact"));
        api().queryParam("exact", "maybe").get("/api/v1/failures/count").then().statusCode(400)
                .body("details[0].field", equalTo("exact"));
        api().queryParam("status", "false_positive").get("/api/v1/failures").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].status", equalTo("false_positive"));
        api().queryParam("status", "wrong").get("/api/v1/failures/count").then().statusCode(400)
                .body("details[0].field", equalTo("status"));
    }

    @Test
    void groups__byTypeAndByPatternOfTheLatestRun() {
        UUID a = TestDb.conversation("conv-a").insert();
        UUID b = TestDb.conversation("conv-b").insert();
        UUID c = TestDb.conversation("conv-c").insert();
        TestDb.failure(a, "user_frustration", "high", "open", now);
        TestDb.failure(a, "agent_refusal", "high", "open", now);
        TestDb.failure(b, "user_frustration", "high", "open", now);
        TestDb.failure(c, "user_frustration", "high", "resolved", now);
        UUID run = TestDb.DB.uuid("""
                insert into pattern_runs (trigger, status, progress, created_at)
                values ('manual', 'succeeded', 1, now()) returning id""");
        UUID billing = TestDb.DB.uuid("insert into usage_patterns (run_id, label, size) values (?, 'Billing', 2) returning id", run);
        TestDb.DB.exec("insert into pattern_conversations (pattern_id, conversation_id) values (?, ?), (?, ?)",
                billing, a, billing, b);

        JsonPath byType = api().queryParam("by", "type").queryParam("status", "open").get("/api/v1/failures/groups")
                .then().statusCode(200).extract().jsonPath();
        assertThat(byType.getString("by")).isEqualTo("type");
        assertThat(byType.getLong("total")).isEqualTo(3);
        assertThat(byType.getList("groups.key")).containsExactly("user_frustration", "agent_refusal");
        assertThat(byType.getList("groups.count", Integer.class)).containsExactly(2, 1);

        JsonPath byPattern = api().queryParam("by", "pattern").get("/api/v1/failures/groups").then().statusCode(200)
                .extract().jsonPath();
        assertThat(byPattern.getList("groups.label")).containsExactly("Billing", "No pattern");
        assertThat(byPattern.getList("groups.key")).containsExactly(billing.toString(), null);
        assertThat(byPattern.getList("groups.count", Integer.class)).containsExactly(3, 1);

        // a pattern group's key is the list's pattern_id filter
        assertThat(Api.ids("/api/v1/failures", Map.of("pattern_id", billing.toString()))).hasSize(3);
        api().queryParam("by", "severity").get("/api/v1/failures/groups").then().statusCode(400)
                .body("details[0].field", equalTo("by"));
        api().queryParam("pattern_id", "nope").get("/api/v1/failures/groups").then().statusCode(400)
                .body("details[0].field", equalTo("pattern_id"));
    }

    @Test
    void notes__oldestFirst_readableByViewers_404ForUnknownFailure() {
        UUID conv = TestDb.conversation("conv-notes").insert();
        UUID failure = TestDb.failure(conv, "error_response", "high", "open", now);
        UUID bare = TestDb.failure(conv, "latency_spike", "low", "open", now);
        TestDb.DB.exec("""
                insert into failure_notes (failure_id, author, body, created_at)
                values (?, 'ann@example.com', 'second', now()), (?, 'bob@example.com', 'first', now() - interval '1 hour')""",
                failure, failure);

        JsonPath notes = given().header("Authorization", TestTokens.viewerBearer())
                .get("/api/v1/failures/" + failure + "/notes").then().statusCode(200).extract().jsonPath();
        assertThat(notes.getList("body")).isEqualTo(List.of("first", "second"));
        assertThat(notes.getList("author")).isEqualTo(List.of("bob@example.com", "ann@example.com"));
        api().get("/api/v1/failures/" + bare + "/notes").then().statusCode(200).body("size()", equalTo(0));
        api().get("/api/v1/failures/" + UUID.randomUUID() + "/notes").then().statusCode(404);
        api().get("/api/v1/failures/not-a-uuid/notes").then().statusCode(400).body("details[0].field", equalTo("id"));
        given().get("/api/v1/failures/" + failure + "/notes").then().statusCode(401);
    }
}
