package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.convosensei.contracts.stream.Streams;
import com.convosensei.keys.ApiKeys;
import com.convosensei.keys.ParseResult;
import com.convosensei.keys.ParsedKey;
import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class ApiKeyTest {

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void clean() {
        TestDb.DB.exec("truncate api_keys");
    }

    private static Response create(String name) {
        return given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", name)).post("/api/v1/api-keys");
    }

    @Test
    void create__returnsTheKeyOnceAndStoresOnlyPrefixAndAHashThatVerifiesIt() {
        Response r = create("  production ingest ");
        r.then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/api-keys/" + r.path("id")))
                .header("Cache-Control", "no-store")
                .body("name", equalTo("production ingest"))
                .body("created_at", notNullValue());
        String key = r.path("key");
        String prefix = r.path("prefix");

        ParsedKey parsed = ((ParseResult.Valid) ApiKeys.parse(key)).key();
        assertThat(parsed.prefix()).isEqualTo(prefix);

        String id = r.path("id");
        Map<String, Object> row = TestDb.DB.one("select prefix, secret_hash, created_by from api_keys where id = ?::uuid", id);
        String hash = (String) row.get("secret_hash");
        assertThat(row.get("prefix")).isEqualTo(prefix);
        assertThat(row.get("created_by")).isEqualTo(Tokens.TEST_EMAIL);
        assertThat(hash).startsWith("$scrypt$").doesNotContain(parsed.secret());
        assertThat(ApiKeys.verify(parsed.secret(), hash)).isTrue();
        assertThat(ApiKeys.verify(parsed.secret().substring(1) + "x", hash)).isFalse();
    }

    @Test
    void list__neverContainsTheKeyNorItsHash() {
        Response created = create("k1");
        String key = created.path("key");
        String hash = (String) TestDb.DB.one("select secret_hash from api_keys").get("secret_hash");

        Response list = given().header("Authorization", Tokens.bearer()).get("/api/v1/api-keys");
        list.then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].prefix", equalTo(created.path("prefix")))
                .body("[0].created_by", equalTo(Tokens.TEST_EMAIL))
                .body("[0].revoked_at", nullValue())
                .body("[0].key", nullValue())
                .body("[0].secret_hash", nullValue());
        String body = list.asString();
        String secret = key.substring(key.lastIndexOf('_') + 1);
        assertThat(body).doesNotContain(secret).doesNotContain(hash).doesNotContain("scrypt");

        String one = given().header("Authorization", Tokens.bearer()).get("/api/v1/api-keys/" + created.path("id"))
                .then().statusCode(200).extract().asString();
        assertThat(one).doesNotContain(secret).doesNotContain("scrypt");
    }

    @Test
    void revoke__marksTheKeyRevokedAndAnnouncesItsPrefix() throws Exception {
        Response created = create("to revoke");
        String id = created.path("id");
        String prefix = created.path("prefix");
        BlockingQueue<String> announced = new LinkedBlockingQueue<>();
        PubSubCommands.RedisSubscriber subscriber =
                redis.pubsub(String.class).subscribe(Streams.CHANNEL_KEY_REVOKED, announced::add);
        try {
            given().header("Authorization", Tokens.bearer()).delete("/api/v1/api-keys/" + id).then().statusCode(204);

            // pub/sub is server-wide (not per logical db): other modules' tests may publish too, so look for ours
            String message;
            do {
                message = announced.poll(5, TimeUnit.SECONDS);
            } while (message != null && !message.equals(prefix));
            assertThat(message).isEqualTo(prefix);
        } finally {
            subscriber.unsubscribe();
        }

        Map<String, Object> row = TestDb.DB.one("select revoked_at, revoked_by from api_keys where id = ?::uuid", id);
        assertThat(row.get("revoked_at")).isNotNull();
        assertThat(row.get("revoked_by")).isEqualTo(Tokens.TEST_EMAIL);
        given().header("Authorization", Tokens.bearer()).get("/api/v1/api-keys").then()
                .body("[0].revoked_at", notNullValue()).body("[0].revoked_by", equalTo(Tokens.TEST_EMAIL));

        // repeating is harmless and keeps the first revoker
        given().header("Authorization", Tokens.bearerFor(UUID.randomUUID().toString(), "second@example.com"))
                .delete("/api/v1/api-keys/" + id).then().statusCode(204);
        assertThat(TestDb.DB.one("select revoked_by from api_keys where id = ?::uuid", id).get("revoked_by")).isEqualTo(Tokens.TEST_EMAIL);
    }

    @Test
    void revoke__unknownOrMalformedId__is404() {
        given().header("Authorization", Tokens.bearer()).delete("/api/v1/api-keys/" + UUID.randomUUID())
                .then().statusCode(404).body("code", equalTo("not_found"));
        given().header("Authorization", Tokens.bearer()).delete("/api/v1/api-keys/nope").then().statusCode(404);
        given().header("Authorization", Tokens.bearer()).get("/api/v1/api-keys/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void create__invalidName__is400NamingIt() {
        create("   ").then().statusCode(400).body("details.field", hasItem("name"));
        create("x".repeat(101)).then().statusCode(400).body("details.field", hasItem("name"));
        given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON).body("{}").post("/api/v1/api-keys")
                .then().statusCode(400).body("details.field", hasItem("name"));
        assertThat(TestDb.DB.count("select count(*) from api_keys")).isZero();
    }

    @Test
    void create__twoKeys__differ() {
        String a = create("a").path("key");
        String b = create("b").path("key");
        assertThat(a).isNotEqualTo(b);
        assertThat(TestDb.DB.count("select count(distinct prefix) from api_keys")).isEqualTo(2);
    }

    private static Response patch(String id, String body) {
        return given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON).body(body)
                .patch("/api/v1/api-keys/" + id);
    }

    @Test
    void otlpConversationAttribute__setOnCreate_changedAndClearedByPatch_listed() {
        Response created = given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "otlp", "otlp_conversation_attribute", "app.thread_id")).post("/api/v1/api-keys");
        created.then().statusCode(201);
        String id = created.path("id");
        assertThat(TestDb.DB.one("select otlp_conversation_attribute from api_keys where id = ?::uuid", id)
                .get("otlp_conversation_attribute")).isEqualTo("app.thread_id");

        patch(id, "{\"otlp_conversation_attribute\": \"langfuse.session.id\"}").then().statusCode(200)
                .body("otlp_conversation_attribute", equalTo("langfuse.session.id"));
        given().header("Authorization", Tokens.bearer()).get("/api/v1/api-keys").then().statusCode(200)
                .body("[0].otlp_conversation_attribute", equalTo("langfuse.session.id"));
        patch(id, "{\"otlp_conversation_attribute\": null}").then().statusCode(200)
                .body("otlp_conversation_attribute", nullValue());
    }

    @Test
    void otlpConversationAttribute__invalidOrUnknownKey__is400NamingItOr404() {
        String id = create("k").path("id");
        patch(id, "{\"otlp_conversation_attribute\": \"has space\"}").then().statusCode(400)
                .body("details.field", hasItem("otlp_conversation_attribute"));
        patch(id, "{\"otlp_conversation_attribute\": \"\"}").then().statusCode(400);
        patch(id, "{\"otlp_conversation_attribute\": \"" + "a".repeat(256) + "\"}").then().statusCode(400);
        patch(UUID.randomUUID().toString(), "{\"otlp_conversation_attribute\": \"x\"}").then().statusCode(404);
        given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "bad", "otlp_conversation_attribute", "a b")).post("/api/v1/api-keys")
                .then().statusCode(400).body("details.field", hasItem("otlp_conversation_attribute"));
    }
}
