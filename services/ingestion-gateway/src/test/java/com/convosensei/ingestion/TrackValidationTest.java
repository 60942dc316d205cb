package com.convosensei.ingestion;

import static com.convosensei.ingestion.Bodies.conversation;
import static com.convosensei.ingestion.Bodies.futureTimestamp;
import static com.convosensei.ingestion.Bodies.json;
import static com.convosensei.ingestion.Bodies.messageAt;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.platform.testing.PostgresTestResource;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every ingestion rule: the status, the error code, and the field named in details. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestKeys.DB))
class TrackValidationTest {

    private static TestKeys.Key key;

    @BeforeAll
    static void createKey() {
        key = TestKeys.create("validation");
    }

    private static ValidatableResponse post(String body) {
        return given().header("Authorization", key.bearer()).contentType(ContentType.JSON).body(body)
                .post(ApiPaths.TRACK).then();
    }

    private static Arguments rule(String name, String field, String reason, Consumer<ObjectNode> mutation) {
        return Arguments.of(name, field, reason, mutation);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                rule("conversation_id missing", "conversation_id", "is required", b -> b.remove("conversation_id")),
                rule("conversation_id not a string", "conversation_id", "must be a string", b -> b.put("conversation_id", 42)),
                rule("conversation_id empty", "conversation_id", "1-256", b -> b.put("conversation_id", "")),
                rule("conversation_id too long", "conversation_id", "1-256", b -> b.put("conversation_id", "x".repeat(257))),
                rule("conversation_id control char", "conversation_id", "printable", b -> b.put("conversation_id", "a\nb")),
                rule("conversation_id blank", "conversation_id", "printable", b -> b.put("conversation_id", "   ")),
                rule("environment bad characters", "environment", "letters, digits", b -> b.put("environment", "prod env!")),
                rule("environment too long", "environment", "1-64", b -> b.put("environment", "e".repeat(65))),
                rule("environment empty", "environment", "1-64", b -> b.put("environment", "")),
                rule("user_id too long", "user_id", "1-256", b -> b.put("user_id", "u".repeat(257))),
                rule("user_id not a string", "user_id", "must be a string", b -> b.put("user_id", 7)),
                rule("metadata not an object", "metadata", "JSON object", b -> b.put("metadata", "plan=pro")),
                rule("metadata over 16 KiB", "metadata", "at most 16384 bytes",
                        b -> b.putObject("metadata").put("blob", "x".repeat(16 * 1024))),
                rule("metadata with NUL", "metadata.k", "NUL", b -> b.putObject("metadata").put("k", "a\u0000b")),
                rule("metadata nested too deep", "metadata" + ".a".repeat(32),
                        "nested at most 32", b -> {
                            ObjectNode o = b.putObject("metadata");
                            for (int i = 0; i < 32; i++) {
                                o = o.putObject("a");
                            }
                        }),
                rule("user_id with NUL", "user_id", "NUL", b -> b.put("user_id", "u\u0000")),
                rule("user_id a number", "user_id", "must be a string", b -> b.put("user_id", 0)),
                rule("message id a number", "messages[0].id", "must be a string", b -> messageAt(0, b).put("id", 12)),
                rule("ended a string", "ended", "true or false", b -> b.put("ended", "true")),
                rule("latency_ms a string", "messages[1].latency_ms", "whole number", b -> messageAt(1, b).put("latency_ms", "850")),
                rule("ended not a boolean", "ended", "true or false", b -> b.put("ended", "yes")),
                rule("messages missing", "messages", "is required", b -> b.remove("messages")),
                rule("messages not an array", "messages", "must be an array", b -> b.put("messages", "hi")),
                rule("over 500 messages", "messages", "at most 500", b -> {
                    ArrayNode list = b.putArray("messages");
                    for (int i = 0; i < 501; i++) {
                        list.add(Bodies.message("user", "m" + i, "2025-03-01T10:00:00Z"));
                    }
                }),
                rule("message not an object", "messages[1]", "must be an object", b -> ((ArrayNode) b.get("messages")).set(1, "hello")),
                rule("role missing", "messages[0].role", "is required", b -> messageAt(0, b).remove("role")),
                rule("role not in enum", "messages[2].role", "user, assistant, system, tool", b -> messageAt(2, b).put("role", "robot")),
                rule("content missing", "messages[0].content", "is required", b -> messageAt(0, b).remove("content")),
                rule("content not a string", "messages[0].content", "must be a string", b -> messageAt(0, b).put("content", 5)),
                // 11,000 euro signs: 11,000 characters but 33,000 bytes of UTF-8
                rule("content over 32 KiB of UTF-8", "messages[1].content", "at most 32768 bytes",
                        b -> messageAt(1, b).put("content", "\u20ac".repeat(11_000))),
                rule("content with NUL", "messages[0].content", "NUL", b -> messageAt(0, b).put("content", "a\u0000")),
                rule("timestamp missing", "messages[3].timestamp", "is required", b -> messageAt(3, b).remove("timestamp")),
                rule("timestamp not ISO-8601", "messages[3].timestamp", "ISO-8601", b -> messageAt(3, b).put("timestamp", "yesterday")),
                rule("timestamp without zone", "messages[3].timestamp", "ISO-8601", b -> messageAt(3, b).put("timestamp", "2025-03-01T10:00:00")),
                rule("timestamp as number", "messages[3].timestamp", "ISO-8601", b -> messageAt(3, b).put("timestamp", 1735689600)),
                rule("timestamp over a day ahead", "messages[3].timestamp", "24 hours in the future",
                        b -> messageAt(3, b).put("timestamp", futureTimestamp(25 * 3600))),
                rule("message metadata not an object", "messages[0].metadata", "JSON object", b -> messageAt(0, b).putArray("metadata")),
                rule("message metadata over 16 KiB", "messages[0].metadata", "at most 16384 bytes",
                        b -> messageAt(0, b).putObject("metadata").put("blob", "y".repeat(17_000))),
                rule("latency_ms negative", "messages[1].latency_ms", ">= 0", b -> messageAt(1, b).put("latency_ms", -1)),
                rule("latency_ms not whole", "messages[1].latency_ms", "whole number", b -> messageAt(1, b).put("latency_ms", 1.5)),
                rule("tokens negative", "messages[1].tokens", ">= 0", b -> messageAt(1, b).put("tokens", -3)),
                rule("tokens too large", "messages[1].tokens", "whole number", b -> messageAt(1, b).put("tokens", 3_000_000_000L)),
                rule("message id empty", "messages[0].id", "1-256", b -> messageAt(0, b).put("id", "")),
                rule("message id too long", "messages[0].id", "1-256", b -> messageAt(0, b).put("id", "i".repeat(257))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void track__whenRuleBroken__returns400NamingTheField(String name, String field, String reason,
                                                          Consumer<ObjectNode> mutation) {
        ObjectNode body = conversation();
        mutation.accept(body);
        post(json(body)).statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("details", hasSize(1))
                .body("details[0].field", equalTo(field))
                .body("details[0].reason", containsString(reason))
                .body("message", containsString(field));
    }

    /**
     * Input that used to be changed silently, sent as raw JSON text (a JSON library would not write it): a lone
     * surrogate (stored as '?', merging ids), a number beyond a double (stored as "Infinity"), metadata at the
     * depth that later dead-lettered.
     */
    @Test
    void track__inputThatWouldBeStoredChanged__returns400NamingTheField() {
        String ok = json(conversation());
        post(ok.replaceFirst("\"conversation_id\":\"conv-", "\"conversation_id\":\"\\\\ud800conv-")).statusCode(400)
                .body("details[0].field", equalTo("conversation_id"))
                .body("details[0].reason", containsString("lone surrogate"));
        post(ok.replace("\"user_id\":\"user-1\"", "\"user_id\":\"user-\\udc01\"")).statusCode(400)
                .body("details[0].field", equalTo("user_id"));
        post(ok.replace("Where is my order?", "Where is my order\\ud83d")).statusCode(400)
                .body("details[0].field", equalTo("messages[0].content"))
                .body("details[0].reason", containsString("lone surrogate"));
        post(ok.replace("\"plan\":\"pro\"", "\"plan\":\"pro\",\"score\":1e400")).statusCode(400)
                .body("details[0].field", equalTo("metadata.score"))
                .body("details[0].reason", containsString("range of a double"));
        post(ok.replace("\"plan\":\"pro\"", "\"plan\":" + "{\"a\":".repeat(998) + "1" + "}".repeat(998)))
                .statusCode(400).body("details[0].reason", containsString("nested at most 32"));
        // the same characters as a proper pair are fine
        post(ok.replace("Where is my order?", "Where is my order \\ud83d\\ude00")).statusCode(202);
    }

    @Test
    void track__whenSeveralRulesBroken__namesEveryField() {
        ObjectNode body = conversation();
        body.remove("conversation_id");
        messageAt(0, body).put("role", "bot");
        messageAt(3, body).remove("timestamp");
        post(json(body)).statusCode(400)
                .body("details.field", org.hamcrest.Matchers.contains("conversation_id", "messages[0].role",
                        "messages[3].timestamp"));
    }

    @Test
    void track__atTheLimits__isAccepted() {
        ObjectNode body = conversation();
        messageAt(0, body).put("content", "a".repeat(32 * 1024));
        messageAt(1, body).put("timestamp", futureTimestamp(23 * 3600));
        body.put("environment", "staging-eu.1_a");
        // unique per run: a conversation belongs to the first key that sent it, and the test database outlives runs
        String unique = java.util.UUID.randomUUID().toString();
        body.put("conversation_id", unique + "c".repeat(256 - unique.length()));
        ArrayNode list = (ArrayNode) body.get("messages");
        while (list.size() < 500) {
            list.add(Bodies.message("tool", "", "2025-03-01T10:01:00Z"));
        }
        post(json(body)).statusCode(202).body("accepted", equalTo(true)).body("event_id", notNullValue());
    }

    @Test
    void track__whenJsonMalformed__returns400MalformedJson() {
        post("{\"conversation_id\": \"x\", ").statusCode(400).body("code", equalTo("malformed_json"))
                .body("details", empty());
        post("{\"a\":1} trailing").statusCode(400).body("code", equalTo("malformed_json"));
        post("").statusCode(400).body("code", equalTo("malformed_json"));
    }

    @Test
    void track__whenBodyIsNotAnObject__returns400() {
        post("[1,2]").statusCode(400).body("details[0].field", equalTo("body"));
    }

    @Test
    void track__whenContentTypeIsNotJson__returns415Envelope() {
        given().header("Authorization", key.bearer()).contentType("text/plain").body(json(conversation()))
                .post(ApiPaths.TRACK).then().statusCode(415).body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void track__whenBodyOver1MiB__returns413Envelope() {
        ObjectNode body = conversation();
        body.putObject("metadata").put("pad", "p".repeat(1024 * 1024));
        given().header("Authorization", key.bearer()).contentType(ContentType.JSON).body(json(body))
                .post(ApiPaths.TRACK).then().statusCode(413).body("code", equalTo("payload_too_large"));
    }

    @Test
    void batch__whenConversationsMissingEmptyOrOver100__returns400() {
        postBatch("{}").statusCode(400).body("details[0].field", equalTo("conversations"));
        postBatch("{\"conversations\": {}}").statusCode(400).body("details[0].field", equalTo("conversations"));
        postBatch("{\"conversations\": []}").statusCode(400).body("details[0].reason", containsString("1-100"));
        ArrayNode many = Bodies.MAPPER.createArrayNode();
        for (int i = 0; i < 101; i++) {
            many.add(conversation());
        }
        postBatch("{\"conversations\": " + json(many) + "}").statusCode(400)
                .body("details[0].reason", containsString("1-100"));
    }

    private static ValidatableResponse postBatch(String body) {
        return given().header("Authorization", key.bearer()).contentType(ContentType.JSON).body(body)
                .post(ApiPaths.TRACK_BATCH).then();
    }
}
