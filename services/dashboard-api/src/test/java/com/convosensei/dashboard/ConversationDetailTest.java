package com.convosensei.dashboard;

import static com.convosensei.dashboard.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class ConversationDetailTest {

    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void clean() {
        TestDb.truncate();
    }

    @Test
    void detail__returnsEveryField() {
        UUID id = TestDb.conversation("chat-7").env("staging").health(61.25).failing("agent_refusal").activity(now).insert();
        api().get("/api/v1/conversations/" + id).then().statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("external_id", equalTo("chat-7"))
                .body("environment", equalTo("staging"))
                .body("metadata.plan", equalTo("pro"))
                .body("health_score", equalTo(61.25f))
                .body("has_failures", equalTo(true))
                .body("failure_count", equalTo(1))
                .body("failure_types", contains("agent_refusal"))
                .body("ended", equalTo(false))
                .body("last_activity_at", equalTo(now.toString()));
    }

    @Test
    void messages__pageInClientOrder_whenTimestampsTieOrSkew_andAfterLaterAppends() {
        UUID id = TestDb.conversation("thread").insert();
        List<Long> expected = new ArrayList<>();
        // rows are inserted the way the processor does: in the client's order (array order, then later requests)
        expected.add(TestDb.message(id, "user", "m-a", now.minusSeconds(100)));
        // skew: the reply is stamped with its (simulated) latency, later than the user's next message
        expected.add(TestDb.message(id, "assistant", "m-late", now.minusSeconds(1)));
        for (int i = 0; i < 5; i++) {
            // ties: the same millisecond for several messages
            expected.add(TestDb.message(id, i % 2 == 0 ? "user" : "assistant", "tie-" + i, now.minusSeconds(50)));
        }
        TestDb.message(TestDb.conversation("other").insert(), "user", "not mine", now);
        // a later request appends a message stamped before everything else: it still comes last
        expected.add(TestDb.message(id, "user", "appended", now.minusSeconds(500)));

        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification req = api().queryParam("limit", 3);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            JsonPath page = req.get("/api/v1/conversations/" + id + "/messages").then().statusCode(200)
                    .extract().jsonPath();
            seen.addAll(page.getList("items.id", Long.class));
            cursor = page.getString("next_cursor");
            pages++;
        } while (cursor != null);
        assertThat(seen).isEqualTo(expected);
        assertThat(pages).isEqualTo(3);

        api().get("/api/v1/conversations/" + id + "/messages").then().statusCode(200)
                .body("items[0].role", equalTo("user"))
                .body("items[0].content", equalTo("m-a"))
                .body("items[0].timestamp", equalTo(now.minusSeconds(100).toString()))
                .body("items[0].metadata.k", equalTo(1))
                .body("items[0].sentiment_score", nullValue())
                .body("items", hasSize(8));
        // a conversation without messages is an empty page, not a 404
        UUID empty = TestDb.conversation("silent").insert();
        api().get("/api/v1/conversations/" + empty + "/messages").then().statusCode(200).body("items", empty());
        // a cursor from another list is refused
        String failuresCursor = com.convosensei.dashboard.service.Cursor.encode("failures", "1", UUID.randomUUID().toString());
        api().queryParam("cursor", failuresCursor).get("/api/v1/conversations/" + id + "/messages")
                .then().statusCode(400).body("details[0].field", equalTo("cursor"));
    }

    @Test
    void health__scoredShowsBreakdown_unscoredSaysSo() {
        UUID scored = TestDb.conversation("scored").health(72.0).insert();
        TestDb.DB.exec("""
                update conversations set health_version = 'h1', health_breakdown = '{"score":72,"version":"h1",
                  "summary":"Mostly fine; one refusal.","components":[
                  {"name":"sentiment_trajectory","score":80,"weight":0.3,"reason":"Mood improved"},
                  {"name":"failures","score":60,"weight":0.7,"reason":"One refusal"}]}'::jsonb where id = ?""", scored);
        api().get("/api/v1/conversations/" + scored + "/health").then().statusCode(200)
                .body("conversation_id", equalTo(scored.toString()))
                .body("scored", equalTo(true))
                .body("score", equalTo(72.0f))
                .body("version", equalTo("h1"))
                .body("summary", equalTo("Mostly fine; one refusal."))
                .body("components", hasSize(2))
                .body("components[1].name", equalTo("failures"))
                .body("components[1].weight", equalTo(0.7f))
                .body("components[1].reason", equalTo("One refusal"));

        UUID unscored = TestDb.conversation("unscored").insert();
        api().get("/api/v1/conversations/" + unscored + "/health").then().statusCode(200)
                .body("scored", equalTo(false))
                .body("score", nullValue())
                .body("components", empty());
    }

    @Test
    void failures__ofOneConversationNewestFirst() {
        UUID id = TestDb.conversation("bad").failing("user_frustration", "agent_refusal").insert();
        UUID older = TestDb.failure(id, "user_frustration", "high", "open", now.minusSeconds(60));
        UUID newer = TestDb.failure(id, "agent_refusal", "medium", "ack", now.minusSeconds(5));
        TestDb.failure(TestDb.conversation("other").insert(), "abandonment", "low", "open", now);
        api().get("/api/v1/conversations/" + id + "/failures").then().statusCode(200)
                .body("id", contains(newer.toString(), older.toString()))
                .body("[0].conversation_external_id", equalTo("bad"))
                .body("[0].status", equalTo("ack"))
                .body("[1].evidence[0].excerpt", equalTo("this is useless"))
                .body("[1].evidence[0].message_index", equalTo(0))
                .body("[1].confidence", equalTo(0.9f));
        UUID clean = TestDb.conversation("clean").insert();
        api().get("/api/v1/conversations/" + clean + "/failures").then().statusCode(200).body("$", empty());
    }

    @Test
    void unknownId__is404_malformedId__is400NamingId() {
        String unknown = UUID.randomUUID().toString();
        for (String suffix : List.of("", "/messages", "/health", "/failures")) {
            api().get("/api/v1/conversations/" + unknown + suffix).then().statusCode(404)
                    .body("code", equalTo("not_found"));
            api().get("/api/v1/conversations/not-a-uuid" + suffix).then().statusCode(400)
                    .body("details[0].field", equalTo("id"));
            api().get("/api/v1/conversations/1-2-3-4-5" + suffix).then().statusCode(400)
                    .body("details[0].field", equalTo("id"));
        }
        api().queryParam("limit", "500").get("/api/v1/conversations/" + unknown + "/messages").then().statusCode(400)
                .body("details[0].field", equalTo("limit"));
    }
}
