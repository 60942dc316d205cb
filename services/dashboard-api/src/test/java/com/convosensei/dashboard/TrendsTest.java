package com.convosensei.dashboard;

import static com.convosensei.dashboard.Api.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

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

/** Time series with the previous period, metadata change markers and the lookup by the customer's id. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class TrendsTest {

    static final Instant DAY = Instant.parse("2026-01-10T00:00:00Z");

    @BeforeEach
    void clean() {
        TestDb.truncate();
    }

    private static Instant at(String time) {
        return Instant.parse("2026-01-10T" + time + "Z");
    }

    private static void metadata(UUID id, String json) {
        TestDb.DB.exec("update conversations set metadata = ?::jsonb where id = ?", json, id);
    }

    private static void firstMessage(UUID id, Instant at) {
        TestDb.DB.exec("update conversations set first_message_at = ? where id = ?", java.sql.Timestamp.from(at), id);
    }

    private static JsonPath series(Map<String, ?> query) {
        return api().queryParams(query).get("/api/v1/analytics/timeseries").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void timeseries__oneDay__isEveryHourWithEmptyOnesZeroAndTheAveragesNull() {
        TestDb.conversation("a").health(80.0).activity(at("03:15:00")).insert();
        TestDb.conversation("b").health(40.0).failing("user_frustration").activity(at("03:40:00")).insert();
        TestDb.conversation("c").activity(at("07:00:00")).insert(); // not scored yet
        TestDb.conversation("d").health(90.0).activity(at("23:59:59")).insert();
        TestDb.conversation("e-out").health(10.0).activity(DAY.plus(1, ChronoUnit.DAYS)).insert(); // after the period
        TestDb.feedback("production", "b", null, "u1", "thumbs", -1, null, at("03:41:00"));

        JsonPath s = series(Map.of("from", "2026-01-10T00:00:00Z", "to", "2026-01-11T00:00:00Z"));
        assertThat(s.getString("bucket")).isEqualTo("hour");
        assertThat(s.getList("points")).hasSize(24);
        assertThat(s.getString("points[0].start")).isEqualTo("2026-01-10T00:00:00Z");
        assertThat(s.getString("points[0].end")).isEqualTo("2026-01-10T01:00:00Z");
        assertThat(s.getLong("points[0].conversations")).isZero();
        assertThat(s.getString("points[0].average_health")).isNull();
        assertThat(s.getString("points[0].failure_rate")).isNull();

        assertThat(s.getLong("points[3].conversations")).isEqualTo(2);
        assertThat(s.getDouble("points[3].average_health")).isEqualTo(60.0);
        assertThat(s.getLong("points[3].failing_conversations")).isEqualTo(1);
        assertThat(s.getDouble("points[3].failure_rate")).isEqualTo(0.5);
        assertThat(s.getDouble("points[3].negative_feedback_rate")).isEqualTo(0.5);

        assertThat(s.getLong("points[7].conversations")).isEqualTo(1);
        assertThat(s.getString("points[7].average_health")).as("nothing scored in the bucket").isNull();
        assertThat(s.getDouble("points[7].failure_rate")).isEqualTo(0.0);
        assertThat(s.getLong("points[23].conversations")).isEqualTo(1);
        // every conversation of the period is in exactly one bucket
        assertThat(s.getList("points.conversations", Integer.class).stream().mapToInt(i -> i).sum()).isEqualTo(4);
    }

    @Test
    void timeseries__previousPeriod__isTheSameBucketsMovedBackByThePeriodsLength() {
        TestDb.conversation("now").health(70.0).activity(at("05:10:00")).insert();
        TestDb.conversation("before").health(30.0).failing("agent_refusal")
                .activity(Instant.parse("2026-01-09T05:50:00Z")).insert();
        TestDb.conversation("before-before").health(30.0).activity(Instant.parse("2026-01-08T05:50:00Z")).insert();

        JsonPath s = series(Map.of("from", "2026-01-10T00:00:00Z", "to", "2026-01-11T00:00:00Z"));
        assertThat(s.getString("previous_from")).isEqualTo("2026-01-09T00:00:00Z");
        assertThat(s.getString("previous_to")).isEqualTo("2026-01-10T00:00:00Z");
        assertThat(s.getList("previous")).hasSize(24);
        for (int i = 0; i < 24; i++) {
            Instant cur = Instant.parse(s.getString("points[" + i + "].start"));
            assertThat(Instant.parse(s.getString("previous[" + i + "].start"))).isEqualTo(cur.minus(1, ChronoUnit.DAYS));
        }
        assertThat(s.getLong("points[5].conversations")).isEqualTo(1);
        assertThat(s.getLong("previous[5].conversations")).isEqualTo(1);
        assertThat(s.getDouble("previous[5].failure_rate")).isEqualTo(1.0);
        assertThat(s.getList("previous.conversations", Integer.class).stream().mapToInt(i -> i).sum())
                .as("the day before the previous period is in neither").isEqualTo(1);
    }

    @Test
    void timeseries__periodOffTheHour__clipsTheFirstAndLastBuckets() {
        TestDb.conversation("edge").health(50.0).activity(at("02:30:00")).insert();
        TestDb.conversation("early").health(50.0).activity(at("02:29:59")).insert(); // before the period
        JsonPath s = series(Map.of("from", "2026-01-10T02:30:00Z", "to", "2026-01-10T05:15:00Z"));
        assertThat(s.getList("points.start")).containsExactly("2026-01-10T02:30:00Z", "2026-01-10T03:00:00Z",
                "2026-01-10T04:00:00Z", "2026-01-10T05:00:00Z");
        assertThat(s.getString("points[3].end")).isEqualTo("2026-01-10T05:15:00Z");
        assertThat(s.getLong("points[0].conversations")).isEqualTo(1);
        // the previous period [23:45, 02:30) holds "early", in the bucket lined up with the current 05:00 one
        assertThat(s.getString("previous[0].start")).isEqualTo("2026-01-09T23:45:00Z");
        assertThat(s.getLong("previous[3].conversations")).isEqualTo(1);
    }

    @Test
    void timeseries__autoBucket__isHourlyUpTo48HoursAndDailyBeyond() {
        TestDb.conversation("x").health(50.0).activity(Instant.parse("2026-01-05T12:00:00Z")).insert();
        assertThat(series(Map.of("from", "2026-01-08T00:00:00Z", "to", "2026-01-10T00:00:00Z")).getList("points"))
                .hasSize(48);
        JsonPath days = series(Map.of("from", "2026-01-01", "to", "2026-01-11"));
        assertThat(days.getString("bucket")).isEqualTo("day");
        assertThat(days.getList("points")).hasSize(10);
        assertThat(days.getLong("points[4].conversations")).isEqualTo(1);
        assertThat(series(Map.of("from", "2026-01-08T00:00:00Z", "to", "2026-01-10T00:00:00Z", "bucket", "day"))
                .getList("points")).hasSize(2);
        JsonPath lookBack = series(Map.of("timeframe", "24h"));
        assertThat(lookBack.getString("bucket")).isEqualTo("hour");
        assertThat(lookBack.getList("points").size()).isBetween(24, 25);
        Instant from = Instant.parse(lookBack.getString("from"));
        assertThat(Instant.parse(lookBack.getString("to"))).isEqualTo(from.plus(24, ChronoUnit.HOURS));
        assertThat(series(Map.of("timeframe", "7d")).getString("bucket")).isEqualTo("day");
    }

    @Test
    void timeseries__environment__countsOnlyThatEnvironment() {
        TestDb.conversation("p").health(50.0).activity(at("01:00:00")).insert();
        TestDb.conversation("s").env("staging").health(50.0).activity(at("01:30:00")).insert();
        JsonPath s = series(Map.of("from", "2026-01-10", "to", "2026-01-11", "environment", "staging"));
        assertThat(s.getList("points.conversations", Integer.class).stream().mapToInt(i -> i).sum()).isEqualTo(1);
    }

    @Test
    void timeseries__badInput__is400NamingTheField() {
        field(api().queryParam("bucket", "week").get("/api/v1/analytics/timeseries"), "bucket");
        field(api().queryParams(Map.of("bucket", "hour", "from", "2026-01-01", "to", "2026-03-01"))
                .get("/api/v1/analytics/timeseries"), "bucket");
        field(api().queryParams(Map.of("from", "2024-01-01", "to", "2026-01-01"))
                .get("/api/v1/analytics/timeseries"), "from");
        field(api().queryParam("timeframe", "9999d").get("/api/v1/analytics/timeseries"), "timeframe");
        field(api().queryParams(Map.of("from", "2026-01-02", "to", "2026-01-01"))
                .get("/api/v1/analytics/timeseries"), "from");
        field(api().queryParam("environment", "e".repeat(65)).get("/api/v1/analytics/timeseries"), "environment");
    }

    @Test
    void changes__markTheValuesFirstSeenInThePeriod() {
        // previous period: gpt-4o-mini (twice) and a v1 prompt
        metadata(TestDb.conversation("p1").activity(Instant.parse("2026-01-09T10:00:00Z")).insert(),
                "{\"model\":\"gpt-4o-mini\",\"prompt_version\":\"v1\"}");
        metadata(TestDb.conversation("p2").activity(Instant.parse("2026-01-09T11:00:00Z")).insert(),
                "{\"model\":\"gpt-4o-mini\"}");
        metadata(TestDb.conversation("p3").activity(Instant.parse("2026-01-09T12:00:00Z")).insert(),
                "{\"model\":\"claude\"}");
        // this period: gpt-4o-mini still, then gpt-4o from 06:00 on (a conversation started at 05:58)
        metadata(TestDb.conversation("c1").activity(at("02:00:00")).insert(), "{\"model\":\"gpt-4o-mini\"}");
        UUID c2 = TestDb.conversation("c2").activity(at("06:10:00")).insert();
        metadata(c2, "{\"model\":\"gpt-4o\",\"prompt_version\":\"v2\"}");
        firstMessage(c2, at("05:58:00"));
        metadata(TestDb.conversation("c3").activity(at("09:00:00")).insert(), "{\"model\":\"gpt-4o\"}");
        // not scalars: no marker
        metadata(TestDb.conversation("c4").activity(at("10:00:00")).insert(), "{\"model\":{\"name\":\"x\"}}");
        // another environment
        metadata(TestDb.conversation("c5").env("staging").activity(at("11:00:00")).insert(), "{\"model\":\"llama\"}");

        JsonPath c = api().queryParams(Map.of("key", "model", "from", "2026-01-10", "to", "2026-01-11",
                "environment", "production")).get("/api/v1/analytics/changes").then().statusCode(200)
                .body("key", equalTo("model"))
                .body("baseline", equalTo("gpt-4o-mini"))
                .body("truncated", equalTo(false))
                .body("changes", hasSize(1))
                .body("changes[0].value", equalTo("gpt-4o"))
                .body("changes[0].first_seen", equalTo("2026-01-10T05:58:00Z"))
                .body("changes[0].conversations", equalTo(2))
                .extract().jsonPath();
        assertThat(c.getList("keys.key")).containsExactly("model", "prompt_version");
        assertThat(c.getList("keys.conversations", Integer.class)).containsExactly(4, 1);

        api().queryParams(Map.of("key", "prompt_version", "from", "2026-01-10", "to", "2026-01-11"))
                .get("/api/v1/analytics/changes").then().statusCode(200)
                .body("baseline", equalTo("v1"))
                .body("changes.value", equalTo(List.of("v2")));
        // without an environment staging's llama is new too; without a key it is "model"
        api().queryParams(Map.of("from", "2026-01-10", "to", "2026-01-11")).get("/api/v1/analytics/changes")
                .then().statusCode(200).body("key", equalTo("model"))
                .body("changes.value", equalTo(List.of("gpt-4o", "llama")));
        // a key nobody sends: nothing, not an error
        api().queryParams(Map.of("key", "agent_version", "from", "2026-01-10", "to", "2026-01-11"))
                .get("/api/v1/analytics/changes").then().statusCode(200)
                .body("changes", hasSize(0)).body("baseline", nullValue());
    }

    @Test
    void changes__areBounded() {
        for (int i = 0; i < 25; i++) {
            metadata(TestDb.conversation("v" + i).activity(at(String.format("%02d:00:00", i % 24))).insert(),
                    "{\"agent_version\":\"1." + i + "\"}");
        }
        api().queryParams(Map.of("key", "agent_version", "from", "2026-01-10", "to", "2026-01-11"))
                .get("/api/v1/analytics/changes").then().statusCode(200)
                .body("changes", hasSize(20)).body("truncated", equalTo(true))
                .body("changes[0].value", equalTo("1.0"));
    }

    @Test
    void changes__badKey__is400NamingKey() {
        field(api().queryParam("key", "k".repeat(101)).get("/api/v1/analytics/changes"), "key");
        field(api().queryParam("key", "  ").get("/api/v1/analytics/changes"), "key");
        field(api().urlEncodingEnabled(false).get("/api/v1/analytics/changes?key=a%00b"), "key");
    }

    @Test
    void byExternalId__findsTheConversationPerEnvironment() {
        UUID prod = TestDb.conversation("order/42.v1 x").health(50.0).activity(at("01:00:00")).insert();
        UUID staging = TestDb.conversation("order/42.v1 x").env("staging").activity(at("02:00:00")).insert();
        api().urlEncodingEnabled(false).get("/api/v1/conversations/by-external-id/order%2F42.v1%20x")
                .then().statusCode(200)
                .body("id", equalTo(List.of(staging.toString(), prod.toString())))
                .body("environment", equalTo(List.of("staging", "production")))
                .body("[1].external_id", equalTo("order/42.v1 x"))
                .body("[1].health_score", equalTo(50.0f));
        api().urlEncodingEnabled(false).queryParam("environment", "production")
                .get("/api/v1/conversations/by-external-id/order%2F42.v1%20x")
                .then().statusCode(200).body("id", equalTo(List.of(prod.toString())));
        Response missing = api().get("/api/v1/conversations/by-external-id/nope");
        missing.then().statusCode(404).body("code", equalTo("not_found"));
        field(api().get("/api/v1/conversations/by-external-id/" + "x".repeat(257)), "id");
        // the lookup path does not shadow the detail of a conversation
        api().get("/api/v1/conversations/" + prod).then().statusCode(200).body("external_id", equalTo("order/42.v1 x"));
    }

    @Test
    void newEndpoints__refuseCallersWithoutATokenOrRole__andServeViewers() {
        for (String path : List.of("/api/v1/analytics/timeseries", "/api/v1/analytics/changes",
                "/api/v1/conversations/by-external-id/x")) {
            given().get(path).then().statusCode(401).body("code", equalTo("unauthorized"));
            given().header("Authorization", TestTokens.noRoleBearer()).get(path).then().statusCode(403);
            int viewer = given().header("Authorization", TestTokens.viewerBearer()).get(path).statusCode();
            assertThat(viewer).as(path + " as a viewer").isIn(200, 404);
        }
    }

    private static void field(Response r, String field) {
        r.then().statusCode(400).body("details.field", hasItem(field));
    }
}
