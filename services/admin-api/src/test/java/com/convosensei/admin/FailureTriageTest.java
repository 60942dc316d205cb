package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Triage at scale: bulk status by filter (chunked, guarded by expected_count), reopen rules, notes, refusals. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class FailureTriageTest {

    static final String BULK = "/api/v1/failures/bulk-status";
    private UUID conversation;

    @BeforeEach
    void seed() {
        TestDb.DB.exec("truncate conversations cascade");
        TestDb.DB.exec("delete from audit_events where action = 'failure.bulk_status'");
        conversation = UUID.randomUUID();
        TestDb.DB.exec("insert into conversations (id, external_id) values (?, 'conv-triage')", conversation);
    }

    /** {@code n} failures of one type and status, each with its own fingerprint. */
    private void failures(int n, String type, String status) {
        TestDb.DB.exec("""
                insert into failures (conversation_id, type, severity, confidence, fingerprint, explanation, status)
                select ?, ?, 'high', 0.9, ? || ':' || g, 'seeded', ? from generate_series(1, ?) g""",
                conversation, type, type + UUID.randomUUID(), status, n);
    }

    private UUID failure(String status) {
        UUID id = UUID.randomUUID();
        TestDb.DB.exec("insert into failures (id, conversation_id, type, severity, confidence, fingerprint, explanation, status)"
                + " values (?, ?, 'agent_refusal', 'medium', 0.8, ?, 'refused', ?)", id, conversation, id.toString(), status);
        return id;
    }

    private static ValidatableResponse bulk(Map<String, ?> body, String auth) {
        return given().header("Authorization", auth).contentType(ContentType.JSON).body(body).post(BULK).then();
    }

    private static Map<String, Object> byFilter(String status, Map<String, ?> filter, Object expected) {
        Map<String, Object> body = new HashMap<>();
        body.put("status", status);
        body.put("filter", filter);
        if (expected != null) {
            body.put("expected_count", expected);
        }
        return body;
    }

    private long count(String where) {
        return TestDb.DB.count("select count(*) from failures where " + where);
    }

    @Test
    void bulkByFilter__changesEveryMatchingFailureInChunks_andAuditsIt() {
        failures(120, "user_frustration", "open");
        failures(7, "agent_refusal", "open");
        failures(3, "user_frustration", "resolved");

        // 120 open frustrations with chunks of 50 (%test): three statements, nothing else touched
        bulk(byFilter("ack", Map.of("status", "open", "type", "user_frustration"), 120), TestTokens.bearer())
                .statusCode(200).body("status", equalTo("ack")).body("matched", equalTo(120))
                .body("updated", equalTo(120)).body("unchanged", equalTo(0)).body("results.size()", equalTo(0));

        assertThat(count("type = 'user_frustration' and status = 'ack' and status_changed_by = 'test-user@example.com'"))
                .isEqualTo(120);
        assertThat(count("type = 'agent_refusal' and status = 'open'")).isEqualTo(7);
        assertThat(count("status = 'resolved'")).isEqualTo(3);
        Map<String, Object> audit = TestDb.DB.one("select actor, details::text as details from audit_events "
                + "where action = 'failure.bulk_status'");
        assertThat((String) audit.get("details")).contains("\"updated\": 120").contains("\"chunks\": 3")
                .contains("\"matched\": 120").contains("\"user_frustration\"");
        assertThat(audit.get("actor")).isNotNull();

        // without a status filter the already-acknowledged ones match too but are reported unchanged
        bulk(byFilter("ack", Map.of("type", "user_frustration,agent_refusal"), 130), TestTokens.bearer())
                .statusCode(200).body("matched", equalTo(130)).body("updated", equalTo(10)).body("unchanged", equalTo(120));
    }

    @Test
    void bulkByFilter__moreMatchingThanConfirmed__is409AndChangesNothing() {
        failures(30, "error_response", "open");

        bulk(byFilter("resolved", Map.of("status", "open"), 25), TestTokens.bearer()).statusCode(409)
                .body("code", equalTo("conflict")).body("details[0].field", equalTo("expected_count"))
                .body("details[0].reason", equalTo("the filter now matches 30 failures"));
        assertThat(count("status = 'open'")).isEqualTo(30);

        // fewer than confirmed (someone else handled some meanwhile) is fine
        bulk(byFilter("resolved", Map.of("status", "open"), 40), TestTokens.bearer()).statusCode(200)
                .body("updated", equalTo(30));
    }

    @Test
    void bulkByFilter__falsePositiveThenReopen_onlyReopensWhatIsNotOpen() {
        failures(5, "latency_spike", "open");
        failures(4, "latency_spike", "ack");

        bulk(byFilter("false_positive", Map.of("status", "ack"), 4), TestTokens.bearer()).statusCode(200)
                .body("updated", equalTo(4));
        assertThat(count("status = 'false_positive'")).isEqualTo(4);

        // reopen of an open-only filter means nothing: refused naming the field
        bulk(byFilter("open", Map.of("status", "open"), 5), TestTokens.bearer()).statusCode(400)
                .body("details[0].field", equalTo("filter.status"));
        // reopen without a status filter matches only the non-open ones (4), so confirming 4 is enough
        bulk(byFilter("open", Map.of("type", "latency_spike"), 4), TestTokens.bearer()).statusCode(200)
                .body("matched", equalTo(4)).body("updated", equalTo(4));
        assertThat(count("status = 'open'")).isEqualTo(9);
    }

    @Test
    void bulk__badInput__is400NamingTheField() {
        failures(2, "abandonment", "open");
        String auth = TestTokens.bearer();
        bulk(Map.of("status", "ack"), auth).statusCode(400).body("details.field", hasItem("ids"));
        bulk(Map.of("status", "ack", "ids", java.util.List.of(UUID.randomUUID().toString()), "filter", Map.of(),
                "expected_count", 1), auth).statusCode(400).body("details.field", hasItem("ids"));
        bulk(byFilter("ack", Map.of(), null), auth).statusCode(400).body("details[0].field", equalTo("expected_count"));
        bulk(byFilter("ack", Map.of(), -1), auth).statusCode(400).body("details[0].field", equalTo("expected_count"));
        bulk(byFilter("ack", Map.of("status", "closed"), 2), auth).statusCode(400)
                .body("details[0].field", equalTo("filter.status"));
        bulk(byFilter("ack", Map.of("type", "nope"), 2), auth).statusCode(400).body("details[0].field", equalTo("filter.type"));
        bulk(byFilter("ack", Map.of("timeframe", "forever"), 2), auth).statusCode(400)
                .body("details[0].field", equalTo("filter.timeframe"));
        bulk(byFilter("ack", Map.of("conversation_id", "x"), 2), auth).statusCode(400)
                .body("details[0].field", equalTo("filter.conversation_id"));
        bulk(byFilter("done", Map.of(), 2), auth).statusCode(400).body("details.field", hasItem("status"));
        assertThat(count("status = 'open'")).isEqualTo(2);
    }

    @Test
    void patch__reopen__onlyWhereItMeansSomething() {
        UUID open = failure("open");
        UUID falsePositive = failure("open");
        given().header("Authorization", TestTokens.bearer()).contentType(ContentType.JSON).body("{\"status\": \"open\"}")
                .patch("/api/v1/failures/" + open).then().statusCode(409).body("code", equalTo("conflict"));
        given().header("Authorization", TestTokens.bearer()).contentType(ContentType.JSON)
                .body("{\"status\": \"false_positive\"}").patch("/api/v1/failures/" + falsePositive).then()
                .statusCode(200).body("status", equalTo("false_positive"));
        given().header("Authorization", TestTokens.bearer()).contentType(ContentType.JSON).body("{\"status\": \"open\"}")
                .patch("/api/v1/failures/" + falsePositive).then().statusCode(200).body("status", equalTo("open"));
        given().header("Authorization", TestTokens.bearer()).contentType(ContentType.JSON).body("{\"status\": \"open\"}")
                .patch("/api/v1/failures/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void notes__addAndDelete_withBodyRules() {
        UUID id = failure("open");
        String location = given().header("Authorization", TestTokens.bearer()).contentType(ContentType.JSON)
                .body(Map.of("body", "  Known flaky upstream; ticket OPS-12  ")).post("/api/v1/failures/" + id + "/notes")
                .then().statusCode(201).header("Location", notNullValue())
                .body("failure_id", equalTo(id.toString())).body("author", equalTo("test-user@example.com"))
                .body("body", equalTo("Known flaky upstream; ticket OPS-12")).body("created_at", notNullValue())
                .extract().header("Location");
        assertThat(TestDb.DB.count("select count(*) from failure_notes where failure_id = ?", id)).isEqualTo(1);

        given().header("Authorization", TestTokens.bearer()).contentType(ContentType.JSON).body(Map.of("body", " "))
                .post("/api/v1/failures/" + id + "/notes").then().statusCode(400).body("details[0].field", equalTo("body"));
        given().header("Authorization", TestTokens.bearer()).contentType(ContentType.JSON)
                .body(Map.of("body", "x".repeat(2001))).post("/api/v1/failures/" + id + "/notes").then().statusCode(400)
                .body("details[0].field", equalTo("body"));
        given().header("Authorization", TestTokens.bearer()).contentType(ContentType.JSON).body(Map.of("body", "hi"))
                .post("/api/v1/failures/" + UUID.randomUUID() + "/notes").then().statusCode(404);

        String path = java.net.URI.create(location).getPath();
        given().header("Authorization", TestTokens.bearer()).delete(path).then().statusCode(204);
        given().header("Authorization", TestTokens.bearer()).delete(path).then().statusCode(404);
        assertThat(TestDb.DB.count("select count(*) from failure_notes where failure_id = ?", id)).isZero();
    }

    @Test
    void viewerAndAnonymous__cannotChangeStatusOrWriteNotes() {
        UUID id = failure("open");
        failures(3, "pii_exposure", "open");
        for (String auth : new String[] {TestTokens.viewerBearer(), null}) {
            int expected = auth == null ? 401 : 403;
            var spec = auth == null ? given() : given().header("Authorization", auth);
            spec.contentType(ContentType.JSON).body(byFilter("ack", Map.of(), 4)).post(BULK).then().statusCode(expected);
            spec = auth == null ? given() : given().header("Authorization", auth);
            spec.contentType(ContentType.JSON).body(Map.of("body", "hi")).post("/api/v1/failures/" + id + "/notes")
                    .then().statusCode(expected);
            spec = auth == null ? given() : given().header("Authorization", auth);
            spec.contentType(ContentType.JSON).body("{\"status\": \"false_positive\"}").patch("/api/v1/failures/" + id)
                    .then().statusCode(expected);
        }
        assertThat(count("status = 'open'")).isEqualTo(4);
        assertThat(TestDb.DB.count("select count(*) from failure_notes")).isZero();
    }
}
