package com.convosensei.ingestion;

import static com.convosensei.ingestion.Bodies.conversation;
import static com.convosensei.ingestion.Bodies.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.ingest.FeedbackRequest;
import com.convosensei.contracts.stream.FeedbackEvent;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.testing.PostgresTestResource;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /api/v1/feedback and its batch: what a 202 puts on sensei:feedback, and every refusal before it. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestKeys.DB))
class FeedbackIngestTest {

    private static TestKeys.Key key;
    private static TestKeys.Key other;

    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper mapper;

    @BeforeAll
    static void keys() {
        key = TestKeys.create("feedback");
        other = TestKeys.create("feedback-other");
    }

    private static ObjectNode thumbsDown(String conversationId) {
        ObjectNode body = Bodies.MAPPER.createObjectNode();
        body.put("conversation_id", conversationId).put("kind", "thumbs").put("value", -1);
        return body;
    }

    private static Response post(TestKeys.Key k, Object body) {
        return given().header("Authorization", k.bearer()).contentType(ContentType.JSON)
                .body(body instanceof String s ? s : json(body))
                .post(ApiPaths.FEEDBACK);
    }

    private FeedbackEvent streamed(String eventId) throws Exception {
        var entries = redis.stream(String.class).xrange(Streams.FEEDBACK, StreamRange.of(eventId, eventId));
        assertThat(entries).hasSize(1);
        return mapper.readValue(entries.get(0).payload().get(Streams.FIELD_PAYLOAD), FeedbackEvent.class);
    }

    private long streamLength() {
        return redis.stream(String.class).xlen(Streams.FEEDBACK);
    }

    private static String ownerOf(String externalId) {
        try (Connection c = PostgresTestResource.connect(TestKeys.DB);
             ResultSet rs = c.createStatement().executeQuery("select api_key_id from conversation_owners where "
                     + "environment = 'production' and external_id = '" + externalId + "'")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void feedback__valid__returns202AndStreamsTheNormalisedEvent() throws Exception {
        String id = "fb-" + UUID.randomUUID();
        ObjectNode body = thumbsDown(id).put("message_id", "m2").put("user_id", "u1").put("comment", "wrong answer");
        Instant before = Instant.now();
        Response r = post(key, body);
        r.then().statusCode(202).body("accepted", equalTo(true)).body("conversation_id", equalTo(id));

        FeedbackEvent event = streamed(r.path("event_id"));
        assertThat(event.apiKeyId()).isEqualTo(key.id());
        assertThat(event.source()).isEqualTo(FeedbackEvent.SOURCE_API);
        FeedbackRequest f = event.feedback();
        assertThat(f.environment()).isEqualTo("production");
        assertThat(f).extracting(FeedbackRequest::conversationId, FeedbackRequest::messageId, FeedbackRequest::userId,
                        FeedbackRequest::kind, FeedbackRequest::value, FeedbackRequest::comment)
                .containsExactly(id, "m2", "u1", "thumbs", -1, "wrong answer");
        // no timestamp sent: the moment of intake
        assertThat(f.timestamp()).isBetween(before.minusSeconds(1), Instant.now());
        // a first feedback claims the conversation for its key, like a first track
        assertThat(ownerOf(id)).isEqualTo(key.id().toString());
        // X-API-Key works as for track
        given().header("X-API-Key", key.fullKey()).contentType(ContentType.JSON)
                .body(json(thumbsDown(id).put("kind", "rating").put("value", 5))).post(ApiPaths.FEEDBACK)
                .then().statusCode(202);
    }

    @Test
    void feedback__invalid__400NamingTheField_nothingStreamed() {
        long before = streamLength();
        post(key, thumbsDown("c-" + UUID.randomUUID()).put("value", 0)).then().statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("details[0].field", equalTo("value"))
                .body("details[0].reason", equalTo("must be -1 (thumbs down) or 1 (thumbs up) for kind thumbs (got 0)"));
        post(key, thumbsDown("c").put("kind", "rating").put("value", 3.5)).then().statusCode(400)
                .body("details[0].reason", equalTo("must be a whole number from 1 to 5 for kind rating (got 3.5)"));
        post(key, thumbsDown("c").put("comment", "x".repeat(4001))).then().statusCode(400)
                .body("details[0].field", equalTo("comment"));
        post(key, "{\"conversation_id\":").then().statusCode(400).body("code", equalTo("malformed_json"));
        post(key, "").then().statusCode(400).body("code", equalTo("malformed_json"));
        assertThat(streamLength()).isEqualTo(before);
    }

    @Test
    void feedback__withoutOrWithBadKey__401() {
        given().contentType(ContentType.JSON).body(json(thumbsDown("c"))).post(ApiPaths.FEEDBACK).then()
                .statusCode(401).body("code", equalTo("unauthorized"));
        given().header("Authorization", "Bearer sk_live_nope").contentType(ContentType.JSON)
                .body(json(thumbsDown("c"))).post(ApiPaths.FEEDBACK_BATCH).then().statusCode(401);
    }

    @Test
    void feedback__onAnotherKeysConversation__403_nothingStreamed() {
        ObjectNode conversation = conversation();
        String id = conversation.get("conversation_id").asText();
        given().header("Authorization", key.bearer()).contentType(ContentType.JSON).body(json(conversation))
                .post(ApiPaths.TRACK).then().statusCode(202);
        long before = streamLength();
        post(other, thumbsDown(id)).then().statusCode(403).body("code", equalTo("forbidden"))
                .body("details[0].field", equalTo("conversation_id"));
        assertThat(streamLength()).isEqualTo(before);
        // the owner may
        post(key, thumbsDown(id)).then().statusCode(202);
    }

    @Test
    void feedback__overOneMiB__413Envelope() {
        String huge = "{\"conversation_id\":\"c\",\"kind\":\"thumbs\",\"value\":1,\"comment\":\""
                + "x".repeat(1024 * 1024 + 10) + "\"}";
        post(key, huge).then().statusCode(413).body("code", equalTo("payload_too_large"));
    }

    @Test
    void feedbackComment__cardNumber__redactedBeforeTheStream() throws Exception {
        String id = "fb-" + UUID.randomUUID();
        Response r = post(key, thumbsDown(id).put("comment", "it charged my card 4242 4242 4242 4242 twice"));
        r.then().statusCode(202);
        String payload = redis.stream(String.class).xrange(Streams.FEEDBACK,
                StreamRange.of(r.path("event_id"), r.path("event_id"))).get(0).payload().get(Streams.FIELD_PAYLOAD);
        assertThat(payload).doesNotContain("4242 4242 4242 4242");
        assertThat(mapper.readValue(payload, FeedbackEvent.class).feedback().comment())
                .matches("it charged my card \\[card:[0-9a-f]{8}\\] twice");
    }

    @Test
    void batch__mixedItems__207PerItem_onlyValidOwnedOnesStreamed() throws Exception {
        ObjectNode owned = conversation();
        given().header("Authorization", other.bearer()).contentType(ContentType.JSON).body(json(owned))
                .post(ApiPaths.TRACK).then().statusCode(202);
        ArrayNode items = Bodies.MAPPER.createArrayNode();
        String good = "fb-" + UUID.randomUUID();
        items.add(thumbsDown(good));
        items.add(thumbsDown("c").put("kind", "rating").put("value", 6));
        items.add(thumbsDown(owned.get("conversation_id").asText()));
        items.add("not an object");
        long before = streamLength();
        Response r = given().header("Authorization", key.bearer()).contentType(ContentType.JSON)
                .body("{\"feedback\":" + json(items) + "}").post(ApiPaths.FEEDBACK_BATCH);
        r.then().statusCode(207);
        List<Map<String, Object>> results = r.jsonPath().getList("results");
        assertThat(results).extracting(m -> m.get("status")).containsExactly(202, 400, 403, 400);
        assertThat(results.get(0).get("conversation_id")).isEqualTo(good);
        assertThat(r.jsonPath().getString("results[1].error.details[0].field")).isEqualTo("feedback[1].value");
        assertThat(r.jsonPath().getString("results[2].error.details[0].field")).isEqualTo("feedback[2].conversation_id");
        assertThat(r.jsonPath().getString("results[3].error.details[0].field")).isEqualTo("feedback[3]");
        assertThat(streamLength()).isEqualTo(before + 1);
        assertThat(streamed(r.jsonPath().getString("results[0].event_id")).feedback().conversationId()).isEqualTo(good);
    }

    @Test
    void batch__emptyOrOver100__400() {
        given().header("Authorization", key.bearer()).contentType(ContentType.JSON).body("{\"feedback\":[]}")
                .post(ApiPaths.FEEDBACK_BATCH).then().statusCode(400).body("details[0].field", equalTo("feedback"));
        ArrayNode items = Bodies.MAPPER.createArrayNode();
        for (int i = 0; i < 101; i++) {
            items.add(thumbsDown("c" + i));
        }
        given().header("Authorization", key.bearer()).contentType(ContentType.JSON)
                .body("{\"feedback\":" + json(items) + "}").post(ApiPaths.FEEDBACK_BATCH).then().statusCode(400)
                .body("details[0].reason", equalTo("must hold 1-100 feedback (got 101)"));
        given().header("Authorization", key.bearer()).contentType(ContentType.JSON)
                .body("{\"conversations\":[]}").post(ApiPaths.FEEDBACK_BATCH).then().statusCode(400)
                .body("details[0].field", equalTo("feedback"));
    }
}
