package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class FailureStatusTest {

    private UUID conversation;

    @BeforeEach
    void seed() {
        TestDb.DB.exec("truncate conversations cascade");
        conversation = UUID.randomUUID();
        TestDb.DB.exec("insert into conversations (id, external_id) values (?, 'conv-1')", conversation);
    }

    private UUID failure(String type) {
        UUID id = UUID.randomUUID();
        TestDb.DB.exec("insert into failures (id, conversation_id, type, severity, confidence, fingerprint, explanation, evidence)"
                + " values (?, ?, ?, 'high', 0.9, 'fp', 'user asked for a human', '[{\"message_id\": \"m1\", \"message_index\": 2, \"excerpt\": \"let me talk to a human\"}]')",
                id, conversation, type);
        return id;
    }

    private static ValidatableResponse patch(Object id, String json, String auth) {
        return given().header("Authorization", auth).contentType(ContentType.JSON).body(json)
                .patch("/api/v1/failures/" + id).then();
    }

    @Test
    void patch__setsStatusWithWhoAndWhen() {
        UUID id = failure("escalation_request");

        patch(id, "{\"status\": \"ack\"}", Tokens.bearer()).statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("conversation_id", equalTo(conversation.toString()))
                .body("conversation_external_id", equalTo("conv-1"))
                .body("status", equalTo("ack"))
                .body("status_changed_by", equalTo(Tokens.TEST_EMAIL))
                .body("status_changed_at", notNullValue())
                .body("evidence[0].excerpt", equalTo("let me talk to a human"));
        Map<String, Object> row = TestDb.DB.one("select status, status_changed_by, status_changed_at from failures where id = ?", id);
        assertThat(row).containsEntry("status", "ack").containsEntry("status_changed_by", Tokens.TEST_EMAIL);
        Object firstChange = row.get("status_changed_at");
        assertThat(firstChange).isNotNull();

        // the same status again changes nothing (who/when stay those of the first acknowledger)
        patch(id, "{\"status\": \"ack\"}", Tokens.bearerFor(UUID.randomUUID().toString(), "late@example.com")).statusCode(200)
                .body("status_changed_by", equalTo(Tokens.TEST_EMAIL));
        assertThat(TestDb.DB.one("select status_changed_at from failures where id = ?", id).get("status_changed_at")).isEqualTo(firstChange);

        patch(id, "{\"status\": \"resolved\"}", Tokens.bearerFor(UUID.randomUUID().toString(), "fixer@example.com")).statusCode(200)
                .body("status", equalTo("resolved")).body("status_changed_by", equalTo("fixer@example.com"));
        patch(id, "{\"status\": \"open\"}", Tokens.bearer()).statusCode(200).body("status", equalTo("open"));
    }

    @Test
    void patch__badStatus__is400AndChangesNothing() {
        UUID id = failure("agent_refusal");

        patch(id, "{\"status\": \"done\"}", Tokens.bearer()).statusCode(400)
                .body("code", equalTo("validation_failed")).body("details[0].field", equalTo("status"));
        patch(id, "{}", Tokens.bearer()).statusCode(400).body("details[0].field", equalTo("status"));
        patch(id, "{\"status\": \"ACK\"}", Tokens.bearer()).statusCode(400);
        assertThat(TestDb.DB.one("select status from failures where id = ?", id).get("status")).isEqualTo("open");
    }

    @Test
    void patch__unknownId__is404() {
        patch(UUID.randomUUID(), "{\"status\": \"ack\"}", Tokens.bearer()).statusCode(404).body("code", equalTo("not_found"));
        patch("not-a-uuid", "{\"status\": \"ack\"}", Tokens.bearer()).statusCode(404);
    }

    @Test
    void bulk__reportsEachIdOnceInOrder() {
        UUID a = failure("user_frustration");
        UUID b = failure("repetition_loop");
        UUID missing = UUID.randomUUID();
        patch(b, "{\"status\": \"resolved\"}", Tokens.bearer()).statusCode(200);

        given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                .body(Map.of("ids", List.of(a.toString(), b.toString(), missing.toString(), a.toString()), "status", "resolved"))
                .post("/api/v1/failures/bulk-status").then().statusCode(200)
                .body("status", equalTo("resolved"))
                .body("updated", equalTo(1)).body("unchanged", equalTo(1)).body("not_found", equalTo(1))
                .body("results.size()", equalTo(3))
                .body("results[0].id", equalTo(a.toString())).body("results[0].result", equalTo("updated"))
                .body("results[1].result", equalTo("unchanged"))
                .body("results[2].id", equalTo(missing.toString())).body("results[2].result", equalTo("not_found"));
        assertThat(TestDb.DB.count("select count(*) from failures where status = 'resolved' and status_changed_by = ?", Tokens.TEST_EMAIL)).isEqualTo(2);
    }

    @Test
    void bulk__invalidRequests__are400NamingTheField() {
        UUID a = failure("user_frustration");
        String auth = Tokens.bearer();
        given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("ids", List.of(a.toString(), "nope"), "status", "ack"))
                .post("/api/v1/failures/bulk-status").then().statusCode(400).body("details[0].field", equalTo("ids[1]"));
        given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("ids", List.of(), "status", "ack"))
                .post("/api/v1/failures/bulk-status").then().statusCode(400).body("details.field", hasItem("ids"));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(UUID.randomUUID().toString());
        }
        given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("ids", tooMany, "status", "ack"))
                .post("/api/v1/failures/bulk-status").then().statusCode(400).body("details.field", hasItem("ids"));
        given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("ids", List.of(a.toString()), "status", "gone"))
                .post("/api/v1/failures/bulk-status").then().statusCode(400).body("details.field", hasItem("status"));
        assertThat(TestDb.DB.one("select status from failures where id = ?", a).get("status")).isEqualTo("open");
    }

    @Test
    void bulk__fiveHundredIds__isAccepted() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ids.add(UUID.randomUUID());
        }
        ids.set(0, failure("error_response"));
        given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                .body(Map.of("ids", ids.stream().map(UUID::toString).collect(Collectors.toList()), "status", "ack"))
                .post("/api/v1/failures/bulk-status").then().statusCode(200)
                .body("updated", equalTo(1)).body("not_found", equalTo(499));
    }
}
