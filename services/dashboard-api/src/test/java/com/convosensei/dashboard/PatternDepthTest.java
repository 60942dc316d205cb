package com.convosensei.dashboard;

import static com.convosensei.dashboard.Api.api;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Patterns per environment, the conversation list filtered by pattern, and each pattern's daily trend. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class PatternDepthTest {

    @BeforeEach
    void clean() {
        TestDb.truncate();
    }

    private static UUID run(String environment, String age) {
        return TestDb.DB.uuid("""
                insert into pattern_runs (trigger, status, progress, environment, created_at, finished_at)
                values ('manual', 'succeeded', 1, ?, now() - ?::interval, now() - ?::interval) returning id""",
                environment, age, age);
    }

    private static UUID pattern(UUID run, String label, int size) {
        return TestDb.DB.uuid("insert into usage_patterns (run_id, label, size) values (?, ?, ?) returning id",
                run, label, size);
    }

    private static void member(UUID pattern, UUID conversation) {
        TestDb.DB.exec("insert into pattern_conversations (pattern_id, conversation_id, distance) values (?, ?, 0.1)",
                pattern, conversation);
    }

    @Test
    void latest__ofTheEnvironment_fallingBackToTheAllEnvironmentsRun() {
        UUID all = run(null, "3 hours");
        pattern(all, "Everything", 3);
        UUID staging = run("staging", "2 hours");
        pattern(staging, "Staging only", 2);
        UUID production = run("production", "4 hours"); // older than the all-environments one, still preferred
        pattern(production, "Refund request \u00b7 order status", 5);

        api().get("/api/v1/analytics/patterns?environment=production").then().statusCode(200)
                .body("run.id", equalTo(production.toString())).body("run.environment", equalTo("production"))
                .body("patterns.label", contains("Refund request \u00b7 order status"));
        api().get("/api/v1/analytics/patterns?environment=staging").then().statusCode(200)
                .body("run.id", equalTo(staging.toString()));
        api().get("/api/v1/analytics/patterns?environment=dev").then().statusCode(200)
                .body("run.id", equalTo(all.toString())).body("run.environment", nullValue());
        api().get("/api/v1/analytics/patterns").then().statusCode(200)
                .body("run.id", equalTo(all.toString()));
        api().get("/api/v1/analytics/patterns?environment=" + "e".repeat(65)).then().statusCode(400)
                .body("details[0].field", equalTo("environment"));
    }

    @Test
    void conversations__filteredByPattern_onlyItsMembers() {
        UUID r = run(null, "1 hour");
        UUID refunds = pattern(r, "Refunds", 2);
        UUID other = pattern(r, "Other", 1);
        UUID a = TestDb.conversation("pf-a").insert();
        UUID b = TestDb.conversation("pf-b").env("staging").insert();
        UUID c = TestDb.conversation("pf-c").insert();
        member(refunds, a);
        member(refunds, b);
        member(other, c);

        api().get("/api/v1/conversations?pattern_id=" + refunds).then().statusCode(200)
                .body("items.external_id", containsInAnyOrder("pf-a", "pf-b"));
        // combines with the other filters
        api().get("/api/v1/conversations?pattern_id=" + refunds + "&environment=staging").then().statusCode(200)
                .body("items.external_id", contains("pf-b"));
        api().get("/api/v1/conversations?pattern_id=" + UUID.randomUUID()).then().statusCode(200)
                .body("items", hasSize(0));
        api().get("/api/v1/conversations?pattern_id=nope").then().statusCode(400)
                .body("details[0].field", equalTo("pattern_id"));
    }

    @Test
    void trends__eachPatternPerDay_countHealthAndFailureShare_zeroFilled() {
        UUID r = run("production", "1 hour");
        UUID refunds = pattern(r, "Refunds", 3);
        UUID quiet = pattern(r, "Quiet", 1);
        Instant today = Instant.now().minus(1, ChronoUnit.MINUTES);
        Instant twoDaysAgo = today.minus(2, ChronoUnit.DAYS);
        member(refunds, TestDb.conversation("t1").activity(today).health(80.0).insert());
        member(refunds, TestDb.conversation("t2").activity(today).health(40.0).failing("user_frustration").insert());
        member(refunds, TestDb.conversation("t3").activity(twoDaysAgo).health(30.0).failing("agent_refusal").insert());
        member(quiet, TestDb.conversation("t4").activity(today.minus(40, ChronoUnit.DAYS)).insert()); // out of range

        String day = LocalDate.ofInstant(today, ZoneOffset.UTC).toString();
        String before = LocalDate.ofInstant(twoDaysAgo, ZoneOffset.UTC).toString();
        api().get("/api/v1/analytics/patterns/runs/" + r + "/trends?timeframe=7d").then().statusCode(200)
                .body("run_id", equalTo(r.toString()))
                .body("patterns.pattern_id", contains(refunds.toString(), quiet.toString()))
                .body("patterns[0].points", hasSize(7))
                .body("patterns[1].points", hasSize(7))
                .body("patterns[0].points[6].day", equalTo(day))
                .body("patterns[0].points[6].conversations", equalTo(2))
                .body("patterns[0].points[6].avg_health", equalTo(60.0f))
                .body("patterns[0].points[6].failure_share", equalTo(0.5f))
                .body("patterns[0].points[4].day", equalTo(before))
                .body("patterns[0].points[4].conversations", equalTo(1))
                .body("patterns[0].points[4].failure_share", equalTo(1.0f))
                .body("patterns[0].points[5].conversations", equalTo(0))
                .body("patterns[0].points[5].avg_health", nullValue())
                .body("patterns[1].points.conversations", contains(0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void trends__unknownRunIs404_badInputIs400() {
        api().get("/api/v1/analytics/patterns/runs/" + UUID.randomUUID() + "/trends").then().statusCode(404);
        api().get("/api/v1/analytics/patterns/runs/not-a-uuid/trends").then().statusCode(400)
                .body("details[0].field", equalTo("id"));
        UUID r = run(null, "1 hour");
        api().get("/api/v1/analytics/patterns/runs/" + r + "/trends?timeframe=400d").then().statusCode(400)
                .body("details[0].field", equalTo("timeframe"));
        api().get("/api/v1/analytics/patterns/runs/" + r + "/trends").then().statusCode(200)
                .body("patterns", hasSize(0));
    }
}
