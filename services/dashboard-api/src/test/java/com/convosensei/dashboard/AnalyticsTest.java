package com.convosensei.dashboard;

import static com.convosensei.dashboard.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.convosensei.contracts.failure.FailureType;
import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class AnalyticsTest {

    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void clean() {
        TestDb.truncate();
    }

    @Test
    void summary__emptyDatabase__isZeroWithNullAverages() {
        api().get("/api/v1/analytics/summary").then().statusCode(200)
                .body("total_conversations", equalTo(0))
                .body("conversations.current", equalTo(0.0f))
                .body("conversations.change", nullValue())
                .body("average_health.current", nullValue())
                .body("failure_rate.current", nullValue())
                .body("open_failures.current", equalTo(0.0f));
    }

    @Test
    void summary__comparesThePeriodWithThePreviousOne() {
        // current 7 days: 3 conversations (health 80, 40, unscored; one failing), 4 messages, 2 open failures (+1 ack)
        UUID c1 = TestDb.conversation("c1").health(80.0).activity(now.minus(1, ChronoUnit.DAYS)).insert();
        UUID c2 = TestDb.conversation("c2").health(40.0).failing("user_frustration").activity(now.minus(2, ChronoUnit.DAYS)).insert();
        TestDb.conversation("c3").activity(now.minus(3, ChronoUnit.HOURS)).insert();
        // previous 7 days: 2 conversations (health 50, 70, both failing), 1 message, 1 open failure
        UUID p1 = TestDb.conversation("p1").health(50.0).failing("agent_refusal").activity(now.minus(8, ChronoUnit.DAYS)).insert();
        TestDb.conversation("p2").env("staging").health(70.0).failing("abandonment").activity(now.minus(13, ChronoUnit.DAYS)).insert();
        // older than both periods
        UUID old = TestDb.conversation("old").health(10.0).activity(now.minus(30, ChronoUnit.DAYS)).insert();
        TestDb.message(c1, "user", "a", now.minus(1, ChronoUnit.DAYS));
        TestDb.message(c1, "assistant", "b", now.minus(1, ChronoUnit.DAYS));
        TestDb.message(c2, "user", "c", now.minus(2, ChronoUnit.DAYS));
        TestDb.message(c2, "user", "d", now.minus(6, ChronoUnit.DAYS));
        TestDb.message(p1, "user", "e", now.minus(9, ChronoUnit.DAYS));
        TestDb.message(old, "user", "f", now.minus(30, ChronoUnit.DAYS));
        TestDb.failure(c2, "user_frustration", "high", "open", now.minus(2, ChronoUnit.DAYS));
        TestDb.failure(c2, "agent_refusal", "high", "open", now.minus(2, ChronoUnit.DAYS));
        TestDb.failure(c2, "abandonment", "low", "ack", now.minus(2, ChronoUnit.DAYS));
        TestDb.failure(p1, "agent_refusal", "high", "open", now.minus(8, ChronoUnit.DAYS));

        JsonPath body = api().queryParam("timeframe", "7d").get("/api/v1/analytics/summary").then().statusCode(200)
                .body("total_conversations", equalTo(6))
                .body("conversations.current", equalTo(3.0f))
                .body("conversations.previous", equalTo(2.0f))
                .body("conversations.change", equalTo(0.5f))
                .body("messages.current", equalTo(4.0f))
                .body("messages.previous", equalTo(1.0f))
                .body("average_health.current", equalTo(60.0f))
                .body("average_health.previous", equalTo(60.0f))
                .body("average_health.change", equalTo(0.0f))
                .body("open_failures.current", equalTo(2.0f))
                .body("open_failures.previous", equalTo(1.0f))
                .extract().jsonPath();
        assertThat(body.getDouble("failure_rate.current")).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(body.getDouble("failure_rate.previous")).isEqualTo(1.0);
        assertThat(Instant.parse(body.getString("to"))).isBetween(now.minusSeconds(5), now.plusSeconds(60));
        assertThat(Instant.parse(body.getString("from"))).isEqualTo(Instant.parse(body.getString("to")).minus(7, ChronoUnit.DAYS));

        // environment narrows the period's numbers but total_conversations stays all-time (first-run onboarding)
        api().queryParam("timeframe", "7d").queryParam("environment", "staging").get("/api/v1/analytics/summary")
                .then().statusCode(200)
                .body("conversations.current", equalTo(0.0f))
                .body("conversations.previous", equalTo(1.0f))
                .body("messages.current", equalTo(0.0f))
                .body("open_failures.current", equalTo(0.0f))
                .body("total_conversations", equalTo(6));

        // explicit from/to: the day holding only c2's failures and messages
        api().queryParam("from", now.minus(2, ChronoUnit.DAYS).minusSeconds(1).toString())
                .queryParam("to", now.minus(2, ChronoUnit.DAYS).plusSeconds(1).toString())
                .get("/api/v1/analytics/summary").then().statusCode(200)
                .body("conversations.current", equalTo(1.0f))
                .body("messages.current", equalTo(1.0f))
                .body("open_failures.current", equalTo(2.0f));
    }

    @Test
    void healthDistribution__tenZeroFilledBuckets() {
        for (double h : new double[] {0, 9.99, 10, 55, 99.5, 100}) {
            TestDb.conversation("h" + h).health(h).activity(now.minus(1, ChronoUnit.HOURS)).insert();
        }
        TestDb.conversation("unscored").activity(now.minus(1, ChronoUnit.HOURS)).insert();
        TestDb.conversation("too-old").health(55.0).activity(now.minus(40, ChronoUnit.DAYS)).insert();
        JsonPath body = api().get("/api/v1/analytics/health-distribution").then().statusCode(200)
                .body("buckets", hasSize(10))
                .body("buckets[0].min", equalTo(0))
                .body("buckets[0].max", equalTo(10))
                .body("buckets[9].min", equalTo(90))
                .body("buckets[9].max", equalTo(100))
                .body("scored", equalTo(6))
                .body("unscored", equalTo(1))
                .extract().jsonPath();
        assertThat(body.getList("buckets.count", Integer.class)).containsExactly(2, 1, 0, 0, 0, 1, 0, 0, 0, 2);
        api().queryParam("timeframe", "90d").get("/api/v1/analytics/health-distribution").then().statusCode(200)
                .body("scored", equalTo(7));
    }

    @Test
    void failureTrends__everyDayAndTypeZeroFilled() {
        UUID conv = TestDb.conversation("t").insert();
        UUID staging = TestDb.conversation("s").env("staging").insert();
        Instant today = now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        TestDb.failure(conv, "user_frustration", "high", "open", today.plusSeconds(1));
        TestDb.failure(conv, "user_frustration", "low", "resolved", today.minus(2, ChronoUnit.DAYS).plusSeconds(60));
        TestDb.failure(conv, "agent_refusal", "high", "open", today.minus(2, ChronoUnit.DAYS).plusSeconds(120));
        TestDb.failure(staging, "model_hallucination", "medium", "open", today.minus(6, ChronoUnit.DAYS));
        TestDb.failure(conv, "agent_refusal", "high", "open", today.minus(7, ChronoUnit.DAYS).plusSeconds(1));

        LocalDate day0 = LocalDate.ofInstant(today, ZoneOffset.UTC);
        JsonPath body = api().queryParam("timeframe", "7d").get("/api/v1/analytics/failures/trends").then()
                .statusCode(200).body("points", hasSize(7)).extract().jsonPath();
        List<String> types = body.getList("types");
        assertThat(types).startsWith(Arrays.stream(FailureType.values()).map(FailureType::wire).toArray(String[]::new))
                .endsWith("model_hallucination").hasSize(FailureType.values().length + 1);
        assertThat(body.getList("points.day")).containsExactly(
                day0.minusDays(6).toString(), day0.minusDays(5).toString(), day0.minusDays(4).toString(),
                day0.minusDays(3).toString(), day0.minusDays(2).toString(), day0.minusDays(1).toString(),
                day0.toString());
        for (int i = 0; i < 7; i++) {
            assertThat(body.getMap("points[" + i + "].counts")).hasSize(types.size());
        }
        assertThat(body.getList("points.total", Integer.class)).containsExactly(1, 0, 0, 0, 2, 0, 1);
        assertThat(body.getInt("points[4].counts.user_frustration")).isEqualTo(1);
        assertThat(body.getInt("points[4].counts.agent_refusal")).isEqualTo(1);
        assertThat(body.getInt("points[4].counts.pii_exposure")).isEqualTo(0);
        assertThat(body.getInt("points[0].counts.model_hallucination")).isEqualTo(1);

        api().queryParam("timeframe", "7d").queryParam("status", "open").get("/api/v1/analytics/failures/trends")
                .then().statusCode(200).body("points.total", contains(1, 0, 0, 0, 1, 0, 1));
        api().queryParam("timeframe", "7d").queryParam("severity", "high").queryParam("environment", "production")
                .get("/api/v1/analytics/failures/trends")
                .then().statusCode(200).body("points.total", contains(0, 0, 0, 0, 1, 0, 1));
        // default is 30 days
        api().get("/api/v1/analytics/failures/trends").then().statusCode(200).body("points", hasSize(30));
        // explicit range: both end days included
        api().queryParam("from", "2025-01-01T12:00:00Z").queryParam("to", "2025-01-03T00:00:00Z")
                .get("/api/v1/analytics/failures/trends").then().statusCode(200)
                .body("points.day", contains("2025-01-01", "2025-01-02"))
                .body("points.total", contains(0, 0));
    }

    @Test
    void patterns__noRunYet__isAnEmptyAnswer() {
        api().get("/api/v1/analytics/patterns").then().statusCode(200)
                .body("run", nullValue()).body("patterns", empty()).body("active_run", nullValue());
    }

    @Test
    void patterns__latestSucceededRunWithPatternsBySize_andActiveRunProgress() {
        UUID oldRun = TestDb.DB.uuid("""
                insert into pattern_runs (trigger, status, progress, created_at, finished_at)
                values ('scheduled', 'succeeded', 1, now() - interval '2 days', now() - interval '2 days') returning id""");
        TestDb.DB.exec("insert into usage_patterns (run_id, label, size) values (?, 'stale', 99)", oldRun);
        UUID run = TestDb.DB.uuid("""
                insert into pattern_runs (trigger, requested_by, status, progress, stage, conversation_count,
                                          cluster_count, silhouette, created_at, started_at, finished_at)
                values ('manual', 'me@example.com', 'succeeded', 1, 'done', 9, 2, 0.42, now() - interval '1 hour',
                        now() - interval '1 hour', now() - interval '50 minutes') returning id""");
        UUID failedLater = TestDb.DB.uuid("""
                insert into pattern_runs (trigger, status, error, created_at)
                values ('manual', 'failed', 'boom', now() - interval '30 minutes') returning id""");
        UUID running = TestDb.DB.uuid("""
                insert into pattern_runs (trigger, status, progress, stage, created_at)
                values ('manual', 'running', 0.4, 'embedding', now()) returning id""");
        UUID small = TestDb.DB.uuid("""
                insert into usage_patterns (run_id, label, keywords, size, avg_health, failure_share,
                                            failure_breakdown, previous_size, growth)
                values (?, 'Password resets', '{password,reset}', 2, 80.5, 0.0, '{}', 1, 1.0) returning id""", run);
        UUID big = TestDb.DB.uuid("""
                insert into usage_patterns (run_id, label, keywords, size, avg_health, failure_share, failure_breakdown)
                values (?, 'Refund requests', '{refund,order}', 7, 41.0, 0.5, '{"agent_refusal":0.25}')
                returning id""", run);
        UUID[] members = new UUID[7];
        for (int i = 0; i < 7; i++) {
            members[i] = TestDb.conversation("m" + i).insert();
            TestDb.DB.exec("insert into pattern_conversations (pattern_id, conversation_id, distance) values (?, ?, ?)",
                    big, members[i], 0.9 - i * 0.1);
        }
        TestDb.DB.exec("insert into pattern_conversations (pattern_id, conversation_id, distance) values (?, ?, 0.1)",
                small, members[0]);

        api().get("/api/v1/analytics/patterns").then().statusCode(200)
                .body("run.id", equalTo(run.toString()))
                .body("run.trigger", equalTo("manual"))
                .body("run.status", equalTo("succeeded"))
                .body("run.cluster_count", equalTo(2))
                .body("run.silhouette", equalTo(0.42f))
                .body("run.patterns.id", contains(big.toString(), small.toString()))
                .body("patterns.id", contains(big.toString(), small.toString()))
                .body("patterns[0].label", equalTo("Refund requests"))
                .body("patterns[0].keywords", contains("refund", "order"))
                .body("patterns[0].size", equalTo(7))
                .body("patterns[0].failure_share", equalTo(0.5f))
                .body("patterns[0].failure_breakdown.agent_refusal", equalTo(0.25f))
                // closest to the centre first, at most five
                .body("patterns[0].sample_conversation_ids", contains(members[6].toString(), members[5].toString(),
                        members[4].toString(), members[3].toString(), members[2].toString()))
                .body("patterns[1].sample_conversation_ids", contains(members[0].toString()))
                .body("patterns[1].growth", equalTo(1.0f))
                .body("active_run.id", equalTo(running.toString()))
                .body("active_run.progress", equalTo(0.4f))
                .body("active_run.stage", equalTo("embedding"));

        api().get("/api/v1/analytics/patterns/runs/" + running).then().statusCode(200)
                .body("status", equalTo("running")).body("progress", equalTo(0.4f)).body("patterns", empty());
        api().get("/api/v1/analytics/patterns/runs/" + failedLater).then().statusCode(200)
                .body("status", equalTo("failed")).body("error", equalTo("boom"));
        api().get("/api/v1/analytics/patterns/runs/" + oldRun).then().statusCode(200)
                .body("patterns.label", contains("stale"));
        api().get("/api/v1/analytics/patterns/runs/" + UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("not_found"));
        api().get("/api/v1/analytics/patterns/runs/nope").then().statusCode(400)
                .body("details[0].field", equalTo("id"));
    }

    @Test
    void badParameters__return400NamingTheParameter() {
        Map<String, Map<String, String>> cases = Map.of(
                "timeframe", Map.of("timeframe", "forever"),
                "from", Map.of("from", "2025-02-01", "to", "2025-01-01"),
                "to", Map.of("to", "soon"));
        for (String path : List.of("/api/v1/analytics/summary", "/api/v1/analytics/health-distribution",
                "/api/v1/analytics/failures/trends")) {
            cases.forEach((field, query) -> api().queryParams(query).get(path).then()
                    .statusCode(400).body("details[0].field", equalTo(field)));
        }
        api().queryParam("status", "done").get("/api/v1/analytics/failures/trends").then().statusCode(400)
                .body("details[0].field", equalTo("status"));
        api().queryParam("severity", "huge").get("/api/v1/analytics/failures/trends").then().statusCode(400)
                .body("details[0].field", equalTo("severity"));
        api().queryParam("from", "2020-01-01").queryParam("to", "2025-01-01").get("/api/v1/analytics/failures/trends")
                .then().statusCode(400).body("details[0].field", equalTo("from"));
        api().queryParam("timeframe", "400d").get("/api/v1/analytics/failures/trends")
                .then().statusCode(400).body("details[0].field", equalTo("timeframe"));
    }
}
