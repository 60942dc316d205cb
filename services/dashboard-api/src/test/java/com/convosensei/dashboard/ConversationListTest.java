package com.convosensei.dashboard;

import static com.convosensei.dashboard.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class ConversationListTest {

    static final String PATH = "/api/v1/conversations";
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void clean() {
        TestDb.truncate();
    }

    static List<String> ids(Map<String, ?> query) {
        return Api.ids(PATH, query);
    }

    @Test
    void list__returnsSummariesWithLastMessagePreview() {
        UUID id = TestDb.conversation("order-42").health(35.5).failing("user_frustration").activity(now).insert();
        TestDb.message(id, "user", "first question", now.minusSeconds(60));
        String longReply = "word ".repeat(100) + "\n\n  tail";
        TestDb.message(id, "assistant", longReply, now.minusSeconds(10));
        TestDb.conversation("empty-one").activity(now.minusSeconds(5)).insert();

        JsonPath body = api().get(PATH).then().statusCode(200)
                .body("items", hasSize(2))
                .body("next_cursor", nullValue())
                .body("items[0].id", equalTo(id.toString()))
                .body("items[0].external_id", equalTo("order-42"))
                .body("items[0].environment", equalTo("production"))
                .body("items[0].health_score", equalTo(35.5f))
                .body("items[0].has_failures", equalTo(true))
                .body("items[0].failure_types[0]", equalTo("user_frustration"))
                .body("items[0].max_severity", equalTo("high"))
                .body("items[1].external_id", equalTo("empty-one"))
                .body("items[1].health_score", nullValue())
                .body("items[1].last_message_preview", nullValue())
                .extract().jsonPath();
        String preview = body.getString("items[0].last_message_preview");
        assertThat(preview).hasSize(160).endsWith("…").doesNotContain("\n").startsWith("word word");
        assertThat(body.getString("items[0].last_activity_at")).isEqualTo(now.toString());
    }

    @Test
    void filters__eachNarrowsTheList() {
        UUID healthyProd = TestDb.conversation("healthy").health(92.0).activity(now.minus(1, ChronoUnit.HOURS)).insert();
        UUID failingStaging = TestDb.conversation("refused").env("staging").health(20.0)
                .failing("agent_refusal", "user_frustration").activity(now.minus(2, ChronoUnit.DAYS)).insert();
        UUID oldLoop = TestDb.conversation("loop-old").health(50.0).failing("repetition_loop")
                .activity(now.minus(20, ChronoUnit.DAYS)).insert();
        UUID unscored = TestDb.conversation("fresh").activity(now.minus(5, ChronoUnit.MINUTES)).insert();
        TestDb.message(healthyProd, "user", "How do I reset my password?", now.minus(1, ChronoUnit.HOURS));
        TestDb.message(failingStaging, "user", "I want a refund for my order", now.minus(2, ChronoUnit.DAYS));
        TestDb.message(oldLoop, "assistant", "Please reset the router", now.minus(20, ChronoUnit.DAYS));

        assertThat(ids(Map.of())).containsExactly(s(unscored), s(healthyProd), s(failingStaging), s(oldLoop));
        assertThat(ids(Map.of("timeframe", "24h"))).containsExactly(s(unscored), s(healthyProd));
        assertThat(ids(Map.of("timeframe", "7d"))).containsExactly(s(unscored), s(healthyProd), s(failingStaging));
        assertThat(ids(Map.of("from", now.minus(3, ChronoUnit.DAYS).toString(),
                "to", now.minus(1, ChronoUnit.DAYS).toString()))).containsExactly(s(failingStaging));
        assertThat(ids(Map.of("to", now.minus(10, ChronoUnit.DAYS).toString()))).containsExactly(s(oldLoop));
        assertThat(ids(Map.of("health_min", "40"))).containsExactly(s(healthyProd), s(oldLoop));
        assertThat(ids(Map.of("health_max", "50"))).containsExactly(s(failingStaging), s(oldLoop));
        assertThat(ids(Map.of("health_min", "20", "health_max", "20"))).containsExactly(s(failingStaging));
        assertThat(ids(Map.of("has_failures", "true"))).containsExactly(s(failingStaging), s(oldLoop));
        assertThat(ids(Map.of("has_failures", "false"))).containsExactly(s(unscored), s(healthyProd));
        assertThat(ids(Map.of("environment", "staging"))).containsExactly(s(failingStaging));
        assertThat(ids(Map.of("environment", "nowhere"))).isEmpty();
        assertThat(ids(Map.of("type", "user_frustration"))).containsExactly(s(failingStaging));
        assertThat(ids(Map.of("type", "repetition_loop,agent_refusal"))).containsExactly(s(failingStaging), s(oldLoop));
        assertThat(ids(Map.of("type", "pii_exposure"))).isEmpty();
        // free text: words in any message (case-insensitive), or an external id prefix
        assertThat(ids(Map.of("q", "reset"))).containsExactly(s(healthyProd), s(oldLoop));
        assertThat(ids(Map.of("q", "REFUND order"))).containsExactly(s(failingStaging));
        assertThat(ids(Map.of("q", "loop-"))).containsExactly(s(oldLoop));
        assertThat(ids(Map.of("q", "nothing-matches-this"))).isEmpty();
        // combined
        assertThat(ids(Map.of("q", "reset", "has_failures", "true", "timeframe", "30d"))).containsExactly(s(oldLoop));
        // health sort: worst first, unscored last; desc: best first, unscored still last
        assertThat(ids(Map.of("sort", "health"))).containsExactly(s(failingStaging), s(oldLoop), s(healthyProd), s(unscored));
        assertThat(ids(Map.of("sort", "health", "order", "desc")))
                .containsExactly(s(healthyProd), s(oldLoop), s(failingStaging), s(unscored));
        assertThat(ids(Map.of("order", "asc"))).containsExactly(s(oldLoop), s(failingStaging), s(healthyProd), s(unscored));
    }

    /** 137 conversations with tied activity times and tied / missing health scores, walked 20 at a time. */
    @Test
    void pagination__walksEveryRowOnceInOrder__forEachSortAndDirection() {
        TestDb.DB.exec("""
                insert into conversations (external_id, last_activity_at, health_score)
                select 'conv-' || i, ?::timestamptz - ((i % 40) * interval '1 minute'),
                       case when i % 7 = 0 then null else ((i * 37) % 11) * 10.0 end
                from generate_series(1, 137) as i""", now);
        List<Row> rows = new ArrayList<>();
        for (String line : TestDb.DB.column("select id || ',' || last_activity_at::text || ',' || coalesce(health_score::text, '') from conversations")) {
            String[] p = line.split(",", -1);
            rows.add(new Row(p[0], p[1], p[2].isEmpty() ? null : Double.parseDouble(p[2])));
        }
        // expected orders computed here, independently of the SQL under test (uuid order = its hex text order)
        List<String> activityDesc = rows.stream()
                .sorted((a, b) -> a.activity.equals(b.activity) ? b.id.compareTo(a.id) : b.activity.compareTo(a.activity))
                .map(Row::id).toList();
        List<String> healthAsc = rows.stream().sorted(ConversationListTest::healthAscNullsLast).map(Row::id).toList();
        List<String> healthDesc = rows.stream().sorted((a, b) -> {
            if ((a.health == null) != (b.health == null)) {
                return a.health == null ? 1 : -1;
            }
            int c = a.health == null ? 0 : Double.compare(b.health, a.health);
            return c != 0 ? c : b.id.compareTo(a.id);
        }).map(Row::id).toList();

        assertThat(walk(Map.of())).isEqualTo(activityDesc);
        List<String> activityAsc = new ArrayList<>(activityDesc);
        Collections.reverse(activityAsc);
        assertThat(walk(Map.of("order", "asc"))).isEqualTo(activityAsc);
        assertThat(walk(Map.of("sort", "health"))).isEqualTo(healthAsc);
        assertThat(walk(Map.of("sort", "health", "order", "desc"))).isEqualTo(healthDesc);
        // a filter that excludes unscored rows pages through the scored part alone
        assertThat(walk(Map.of("sort", "health", "health_min", "30")))
                .isEqualTo(rows.stream().filter(r -> r.health != null && r.health >= 30)
                        .sorted(ConversationListTest::healthAscNullsLast).map(Row::id).toList());
        // a cursor inside the unscored tail reused with a health filter: nothing can follow, an empty last page
        String unscoredCursor = com.convosensei.dashboard.service.Cursor.encode("conversations/health/asc", "null",
                healthAsc.get(healthAsc.size() - 1));
        api().queryParam("sort", "health").queryParam("health_min", "0").queryParam("cursor", unscoredCursor)
                .get(PATH).then().statusCode(200).body("items", hasSize(0)).body("next_cursor", nullValue());
    }

    private static int healthAscNullsLast(Row a, Row b) {
        if ((a.health == null) != (b.health == null)) {
            return a.health == null ? 1 : -1;
        }
        int c = a.health == null ? 0 : Double.compare(a.health, b.health);
        return c != 0 ? c : a.id.compareTo(b.id);
    }

    record Row(String id, String activity, Double health) {
    }

    private static List<String> walk(Map<String, String> query) {
        List<String> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification req = api().queryParams(query).queryParam("limit", 20);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            JsonPath page = req.get(PATH).then().statusCode(200).extract().jsonPath();
            List<String> items = page.getList("items.id");
            assertThat(items.size()).isLessThanOrEqualTo(20);
            all.addAll(items);
            cursor = page.getString("next_cursor");
            assertThat(++pages).isLessThan(20);
        } while (cursor != null);
        assertThat(new HashSet<>(all)).hasSameSizeAs(all);
        return all;
    }

    @Test
    void cursor__fromAnotherSortOrTampered__isRefusedNamingCursor() {
        for (int i = 0; i < 3; i++) {
            TestDb.conversation("c" + i).health(10.0 * i).activity(now.minusSeconds(i)).insert();
        }
        String cursor = api().queryParam("limit", 1).get(PATH).then().statusCode(200)
                .extract().jsonPath().getString("next_cursor");
        assertThat(cursor).isNotNull();
        api().queryParam("limit", 1).queryParam("cursor", cursor).get(PATH).then().statusCode(200).body("items", hasSize(1));

        api().queryParam("cursor", cursor).queryParam("sort", "health").get(PATH)
                .then().statusCode(400).body("details[0].field", equalTo("cursor"));
        byte[] raw = Base64.getUrlDecoder().decode(cursor);
        raw[raw.length - 8] ^= 1;
        String edited = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        for (String bad : List.of(edited, "garbage!!", "abc", Base64.getUrlEncoder().encodeToString(
                "conversations/last_activity/desc\nx\ny".getBytes(StandardCharsets.UTF_8)))) {
            api().queryParam("cursor", bad).get(PATH)
                    .then().statusCode(400).body("code", equalTo("validation_failed"))
                    .body("details[0].field", equalTo("cursor"));
        }
    }

    @Test
    void badParameters__return400NamingTheParameter() {
        Map<String, Map<String, String>> cases = Map.ofEntries(
                Map.entry("limit", Map.of("limit", "201")),
                Map.entry("limit ", Map.of("limit", "0")),
                Map.entry("limit  ", Map.of("limit", "ten")),
                Map.entry("health_min", Map.of("health_min", "abc")),
                Map.entry("health_min ", Map.of("health_min", "-1")),
                Map.entry("health_max", Map.of("health_max", "100.5")),
                Map.entry("health_min  ", Map.of("health_min", "60", "health_max", "40")),
                Map.entry("has_failures", Map.of("has_failures", "yes")),
                Map.entry("type", Map.of("type", "rudeness")),
                Map.entry("type ", Map.of("type", "user_frustration,bogus")),
                Map.entry("sort", Map.of("sort", "name")),
                Map.entry("order", Map.of("order", "sideways")),
                Map.entry("timeframe", Map.of("timeframe", "1w")),
                Map.entry("timeframe ", Map.of("timeframe", "7d", "from", "2025-01-01")),
                Map.entry("from", Map.of("from", "yesterday")),
                Map.entry("from ", Map.of("from", "2025-02-01T00:00:00Z", "to", "2025-01-01T00:00:00Z")),
                Map.entry("to", Map.of("to", "2025-13-01")),
                Map.entry("q", Map.of("q", "x".repeat(201))));
        cases.forEach((field, query) -> api().queryParams(query).get(PATH).then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("details[0].field", equalTo(field.trim())));
    }

    @Test
    void timestamps__acceptOffsetsAndDates() {
        UUID id = TestDb.conversation("dated").activity(Instant.parse("2025-03-10T12:00:00Z")).insert();
        assertThat(ids(Map.of("from", "2025-03-10", "to", "2025-03-11"))).containsExactly(s(id));
        assertThat(ids(Map.of("from", "2025-03-10T13:00:00+02:00"))).containsExactly(s(id));
        // a '+' offset that arrived unencoded (decoded to a space) still parses
        api().urlEncodingEnabled(false).get(PATH + "?from=2025-03-10T13:00:00+02:00").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.contains(s(id)));
        assertThat(ids(Map.of("from", "2025-03-10T12:00:01Z"))).isEmpty();
    }

    static String s(UUID id) {
        return id.toString();
    }
}
