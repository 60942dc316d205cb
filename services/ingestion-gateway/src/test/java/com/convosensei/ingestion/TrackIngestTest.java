package com.convosensei.ingestion;

import static com.convosensei.ingestion.Bodies.conversation;
import static com.convosensei.ingestion.Bodies.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.stream.IngestEvent;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.testing.PostgresTestResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Accepted requests: what goes into {@code sensei:ingest}, the batch endpoint's per-item answers, CORS. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestKeys.DB))
class TrackIngestTest {

    private static TestKeys.Key key;

    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper mapper;

    @BeforeAll
    static void createKey() {
        key = TestKeys.create("ingest");
    }

    private Map<String, String> entry(String eventId) {
        List<StreamMessage<String, String, String>> found = redis.stream(String.class)
                .xrange(Streams.INGEST, StreamRange.of(eventId, eventId));
        assertThat(found).as("stream entry " + eventId).hasSize(1);
        return found.get(0).payload();
    }

    @Test
    void track__valid__returns202AndStoresTheNormalisedEventWithTraceContext() throws Exception {
        ObjectNode body = conversation();
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        Instant before = Instant.now();
        String eventId = given().header("Authorization", key.bearer())
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                .contentType(ContentType.JSON).body(json(body))
                .post(ApiPaths.TRACK).then().statusCode(202)
                .body("accepted", equalTo(true))
                .body("conversation_id", equalTo(body.get("conversation_id").asText()))
                .body("event_id", notNullValue())
                .extract().path("event_id");

        Map<String, String> fields = entry(eventId);
        IngestEvent event = mapper.readValue(fields.get(Streams.FIELD_PAYLOAD), IngestEvent.class);
        assertThat(event.apiKeyId()).isEqualTo(key.id());
        assertThat(event.receivedAt()).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(event.conversation().conversationId()).isEqualTo(body.get("conversation_id").asText());
        assertThat(event.conversation().environment()).isEqualTo("production");
        assertThat(event.conversation().ended()).isFalse();
        assertThat(event.conversation().metadata().get("plan").asText()).isEqualTo("pro");
        assertThat(event.conversation().messages()).hasSize(4);
        // normalised to UTC
        assertThat(event.conversation().messages().get(1).timestamp()).isEqualTo(Instant.parse("2025-03-01T09:00:02.500Z"));
        assertThat(event.conversation().messages().get(1).latencyMs()).isEqualTo(850);
        // the gateway's server span is a child of the caller's trace and is what the entry carries
        assertThat(fields.get(Streams.FIELD_TRACEPARENT)).startsWith("00-" + traceId + "-")
                .doesNotContain("b7ad6b7169203331");
    }

    @Test
    void batch__mixedValidAndInvalid__returns207WithPerItemStatusesAndStoresTheValidOnes() throws Exception {
        ArrayNode items = Bodies.MAPPER.createArrayNode();
        ObjectNode ok1 = conversation();
        ObjectNode bad1 = conversation();
        Bodies.messageAt(2, bad1).put("timestamp", "not a time");
        ObjectNode ok2 = conversation();
        ObjectNode bad2 = conversation();
        bad2.remove("conversation_id");
        items.add(ok1).add(bad1).add(ok2).add(bad2).add("not an object");
        Response response = given().header("Authorization", key.bearer()).contentType(ContentType.JSON)
                .body("{\"conversations\":" + json(items) + "}").post(ApiPaths.TRACK_BATCH);

        response.then().statusCode(207)
                .body("results.index", org.hamcrest.Matchers.contains(0, 1, 2, 3, 4))
                .body("results.status", org.hamcrest.Matchers.contains(202, 400, 202, 400, 400))
                .body("results[1].conversation_id", equalTo(bad1.get("conversation_id").asText()))
                .body("results[1].error.code", equalTo("validation_failed"))
                .body("results[1].error.details[0].field", equalTo("conversations[1].messages[2].timestamp"))
                .body("results[3].error.details[0].field", equalTo("conversations[3].conversation_id"))
                .body("results[4].error.details[0].field", equalTo("conversations[4]"))
                .body("results[0].error", org.hamcrest.Matchers.nullValue());

        JsonNode results = mapper.readTree(response.asString()).get("results");
        for (int i : new int[] {0, 2}) {
            String eventId = results.get(i).get("event_id").asText();
            IngestEvent event = mapper.readValue(entry(eventId).get(Streams.FIELD_PAYLOAD), IngestEvent.class);
            assertThat(event.conversation().conversationId()).isEqualTo(results.get(i).get("conversation_id").asText());
        }
        assertThat(results.get(1).has("event_id")).isFalse();
    }

    @Test
    void cors__preflightFromABrowserSdk__isAllowedWithTheKeyHeaders() {
        given().header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,x-api-key,content-type")
                .options(ApiPaths.TRACK).then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.anyOf(equalTo("*"), equalTo("https://app.example.com")))
                .header("Access-Control-Allow-Headers", containsString("X-API-Key"))
                .header("Access-Control-Allow-Methods", containsString("POST"));
    }
}
