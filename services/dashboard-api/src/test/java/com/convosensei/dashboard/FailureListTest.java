package com.convosensei.dashboard;

import static com.convosensei.dashboard.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class FailureListTest {

    static final String PATH = "/api/v1/failures";
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void clean() {
        TestDb.truncate();
    }

    static List<String> ids(Map<String, ?> query) {
        return Api.ids(PATH, query);
    }

    @Test
    void list__newestFirstWithConversationExternalId_andEachFilter() {
        UUID conv = TestDb.conversation("conv-a").insert();
        UUID other = TestDb.conversation("conv-b").insert();
        UUID frustration = TestDb.failure(conv, "user_frustration", "high", "open", now.minus(1, ChronoUnit.HOURS));
        UUID refusal = TestDb.failure(conv, "agent_refusal", "medium", "ack", now.minus(2, ChronoUnit.DAYS));
        UUID pii = TestDb.failure(other, "pii_exposure", "critical", "resolved", now.minus(10, ChronoUnit.DAYS));

        api().get(PATH).then().statusCode(200)
                .body("items[0].id", equalTo(frustration.toString()))
                .body("items[0].conversation_id", equalTo(conv.toString()))
                .body("items[0].conversation_external_id", equalTo("conv-a"))
                .body("items[0].type", equalTo("user_frustration"))
                .body("items[0].severity", equalTo("high"))
                .body("items[0].status", equalTo("open"))
                .body("items[0].source", equalTo("rules"))
                .body("items[0].explanation", equalTo("because"))
                .body("items[0].evidence[0].message_id", equalTo("m1"))
                .body("items[0].detected_at", equalTo(now.minus(1, ChronoUnit.HOURS).toString()))
                .body("next_cursor", org.hamcrest.Matchers.nullValue());

        assertThat(ids(Map.of())).containsExactly(s(frustration), s(refusal), s(pii));
        assertThat(ids(Map.of("status", "open"))).containsExactly(s(frustration));
        assertThat(ids(Map.of("status", "open,ack"))).containsExactly(s(frustration), s(refusal));
        assertThat(ids(Map.of("type", "pii_exposure"))).containsExactly(s(pii));
        assertThat(ids(Map.of("severity", "medium"))).containsExactly(s(refusal));
        assertThat(ids(Map.of("severity", "critical,high"))).containsExactly(s(frustration), s(pii));
        assertThat(ids(Map.of("timeframe", "24h"))).containsExactly(s(frustration));
        assertThat(ids(Map.of("timeframe", "7d"))).containsExactly(s(frustration), s(refusal));
        assertThat(ids(Map.of("from", now.minus(11, ChronoUnit.DAYS).toString(),
                "to", now.minus(1, ChronoUnit.DAYS).toString()))).containsExactly(s(refusal), s(pii));
        assertThat(ids(Map.of("conversation_id", s(other)))).containsExactly(s(pii));
        assertThat(ids(Map.of("conversation_id", UUID.randomUUID().toString()))).isEmpty();
        assertThat(ids(Map.of("status", "open", "type", "agent_refusal"))).isEmpty();
    }

    @Test
    void pagination__walksEveryFailureOnce_withTiedDetectionTimes() {
        UUID conv = TestDb.conversation("many").insert();
        TestDb.DB.exec("""
                insert into failures (conversation_id, type, severity, confidence, fingerprint, explanation, status,
                                      detected_at)
                select ?, 'error_response', case when i % 2 = 0 then 'high' else 'low' end, 0.5, 'fp-' || i, 'x',
                       'open', ?::timestamptz - ((i % 9) * interval '1 minute')
                from generate_series(1, 53) as i""", conv, now);
        List<String> expected = TestDb.DB.column("select id::text from failures order by detected_at desc, id desc");
        List<String> expectedHigh = TestDb.DB.column(
                "select id::text from failures where severity = 'high' order by detected_at desc, id desc");
        assertThat(walk(Map.of(), 10)).isEqualTo(expected);
        assertThat(walk(Map.of("severity", "high"), 7)).isEqualTo(expectedHigh);
    }

    private static List<String> walk(Map<String, String> query, int limit) {
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification req = api().queryParams(query).queryParam("limit", limit);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            JsonPath page = req.get(PATH).then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items.id"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        assertThat(new HashSet<>(all)).hasSameSizeAs(all);
        return all;
    }

    @Test
    void badParameters__return400NamingTheParameter() {
        Map<String, Map<String, String>> cases = Map.of(
                "status", Map.of("status", "closed"),
                "type", Map.of("type", "oops"),
                "severity", Map.of("severity", "urgent"),
                "conversation_id", Map.of("conversation_id", "123"),
                "limit", Map.of("limit", "1000"),
                "timeframe", Map.of("timeframe", "0d"),
                "from", Map.of("from", "2025-01-02", "to", "2025-01-01"),
                "cursor", Map.of("cursor", "bm9wZQ"));
        cases.forEach((field, query) -> api().queryParams(query).get(PATH).then()
                .statusCode(400).body("details[0].field", equalTo(field)));
    }

    static String s(UUID id) {
        return id.toString();
    }
}
