package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the real Redis (this module's logical db 2). */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class DlqTest {

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void clean() {
        redis.key().del(Streams.DLQ, Streams.PROCESS, Streams.INGEST);
    }

    private String park(String originStream, String payload, String error) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(Streams.FIELD_ORIGIN_STREAM, originStream);
        fields.put(Streams.FIELD_ORIGIN_ID, "1700000000000-7");
        fields.put(Streams.FIELD_ERROR, error);
        fields.put(Streams.FIELD_DELIVERIES, "5");
        fields.put(Streams.FIELD_FAILED_AT, "2026-01-02T03:04:05Z");
        fields.put(Streams.FIELD_PAYLOAD, payload);
        fields.put(Streams.FIELD_TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        return redis.stream(String.class).xadd(Streams.DLQ, fields);
    }

    @Test
    void list__showsEntriesNewestFirstWithTheirFields() {
        String older = park(Streams.PROCESS, "{\"conversation_id\":\"a\"}", "boom 1");
        String newer = park(Streams.INGEST, "{\"conversation\":{}}", "boom 2");

        given().header("Authorization", Tokens.bearer()).get("/api/v1/admin/dlq").then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items[0].id", equalTo(newer))
                .body("items[0].origin_stream", equalTo(Streams.INGEST))
                .body("items[1].id", equalTo(older))
                .body("items[1].error", equalTo("boom 1"))
                .body("items[1].origin_id", equalTo("1700000000000-7"))
                .body("items[1].deliveries", equalTo(5))
                .body("items[1].failed_at", equalTo("2026-01-02T03:04:05Z"))
                .body("items[1].payload", equalTo("{\"conversation_id\":\"a\"}"))
                .body("next_cursor", nullValue());
    }

    @Test
    void list__pagesWithTheCursor() {
        String first = park(Streams.PROCESS, "{}", "e1");
        String second = park(Streams.PROCESS, "{}", "e2");
        String third = park(Streams.PROCESS, "{}", "e3");

        Response page1 = given().header("Authorization", Tokens.bearer()).get("/api/v1/admin/dlq?limit=2");
        page1.then().statusCode(200).body("items.id", org.hamcrest.Matchers.contains(third, second))
                .body("next_cursor", equalTo(second));
        given().header("Authorization", Tokens.bearer()).get("/api/v1/admin/dlq?limit=2&before=" + second).then()
                .statusCode(200).body("items.id", org.hamcrest.Matchers.contains(first));
        given().header("Authorization", Tokens.bearer()).get("/api/v1/admin/dlq?limit=500").then().statusCode(400)
                .body("details[0].field", equalTo("limit"));
        given().header("Authorization", Tokens.bearer()).get("/api/v1/admin/dlq?before=xyz").then().statusCode(400)
                .body("details[0].field", equalTo("before"));
    }

    @Test
    void replay__putsThePayloadBackOnItsOriginStreamAndRemovesItFromTheDlq() {
        String payload = "{\"conversation_id\":\"5b0c6a1e-0000-0000-0000-000000000001\",\"reason\":\"ingest\"}";
        String id = park(Streams.PROCESS, payload, "scorer crashed");

        Response r = given().header("Authorization", Tokens.bearer()).post("/api/v1/admin/dlq/" + id + "/replay");
        r.then().statusCode(202)
                .body("replayed_id", equalTo(id))
                .body("stream", equalTo(Streams.PROCESS))
                .body("new_id", notNullValue());
        String newId = r.path("new_id");

        List<StreamMessage<String, String, String>> onOrigin =
                redis.stream(String.class).xrange(Streams.PROCESS, StreamRange.of(newId, newId));
        assertThat(onOrigin).hasSize(1);
        assertThat(onOrigin.get(0).payload())
                .containsEntry(Streams.FIELD_PAYLOAD, payload)
                .containsEntry(Streams.FIELD_TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .doesNotContainKey(Streams.FIELD_ERROR);
        assertThat(redis.stream(String.class).xrange(Streams.DLQ, StreamRange.of(id, id))).isEmpty();

        // a second replay of the same entry finds nothing
        given().header("Authorization", Tokens.bearer()).post("/api/v1/admin/dlq/" + id + "/replay").then().statusCode(404);
        assertThat(redis.stream(String.class).xlen(Streams.PROCESS)).isEqualTo(1);
    }

    @Test
    void replay__unknownOrMalformedId__is404() {
        given().header("Authorization", Tokens.bearer()).post("/api/v1/admin/dlq/1-1/replay").then().statusCode(404)
                .body("code", equalTo("not_found"));
        given().header("Authorization", Tokens.bearer()).post("/api/v1/admin/dlq/garbage/replay").then().statusCode(404);
    }

    @Test
    void replay__entryNamingAForeignStream__is409AndStaysParked() {
        String id = park("someone:else", "{}", "x");

        given().header("Authorization", Tokens.bearer()).post("/api/v1/admin/dlq/" + id + "/replay").then().statusCode(409)
                .body("code", equalTo("conflict"));
        assertThat(redis.stream(String.class).xrange(Streams.DLQ, StreamRange.of(id, id))).hasSize(1);
        assertThat(redis.key().exists("someone:else")).isFalse();
    }
}
