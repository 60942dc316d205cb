package com.convosensei.ingestion;

import static com.convosensei.ingestion.Bodies.conversation;
import static com.convosensei.ingestion.Bodies.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.testing.PostgresTestResource;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A conversation belongs to the key that created it: another key is refused before anything reaches the stream. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestKeys.DB))
class TrackOwnershipTest {

    private static TestKeys.Key owner;
    private static TestKeys.Key other;

    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void keys() {
        owner = TestKeys.create("owner");
        other = TestKeys.create("other");
    }

    private static int post(TestKeys.Key key, ObjectNode body) {
        return given().header("Authorization", key.bearer()).contentType(ContentType.JSON).body(json(body))
                .post(ApiPaths.TRACK).then().extract().statusCode();
    }

    private long streamLength() {
        return redis.stream(String.class).xlen(Streams.INGEST);
    }

    private static String ownerOf(String environment, String externalId) {
        try (Connection c = PostgresTestResource.connect(TestKeys.DB);
             ResultSet rs = c.createStatement().executeQuery("select api_key_id from conversation_owners where "
                     + "environment = '" + environment + "' and external_id = '" + externalId + "'")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void track__anotherKeysConversation__403NamingConversationId_nothingStreamed() {
        ObjectNode body = conversation();
        assertThat(post(owner, body)).isEqualTo(202);
        assertThat(ownerOf("production", body.get("conversation_id").asText())).isEqualTo(owner.id().toString());

        ObjectNode takeover = conversation(body.get("conversation_id").asText());
        takeover.put("user_id", "attacker").put("ended", true);
        long before = streamLength();
        given().header("Authorization", other.bearer()).contentType(ContentType.JSON).body(json(takeover))
                .post(ApiPaths.TRACK).then().statusCode(403)
                .body("code", equalTo("forbidden"))
                .body("details[0].field", equalTo("conversation_id"))
                .body("details[0].reason", org.hamcrest.Matchers.containsString("another API key"));
        assertThat(streamLength()).isEqualTo(before);

        // the owner keeps writing it (from memory now, and after a restart from the table)
        assertThat(post(owner, body)).isEqualTo(202);
    }

    @Test
    void track__sameIdInAnotherEnvironment__isAnotherConversation() {
        ObjectNode body = conversation();
        assertThat(post(owner, body)).isEqualTo(202);
        ObjectNode staging = conversation(body.get("conversation_id").asText());
        staging.put("environment", "staging");
        assertThat(post(other, staging)).isEqualTo(202);
    }

    @Test
    void track__claimedInTheDatabaseByAnotherReplica__refusedHereToo() {
        String id = "conv-" + UUID.randomUUID();
        // as if another ingestion instance had claimed it (this one has nothing in memory)
        TestKeys.sql("insert into conversation_owners (environment, external_id, api_key_id) values ('production', '"
                + id + "', '" + owner.id() + "')");
        assertThat(post(other, conversation(id))).isEqualTo(403);
        assertThat(post(owner, conversation(id))).isEqualTo(202);
    }

    @Test
    void track__storedBeforeOwnershipExisted__belongsToTheKeyOnTheRow() {
        String id = "conv-" + UUID.randomUUID();
        TestKeys.sql("insert into conversations (external_id, environment, api_key_id) values ('" + id
                + "', 'production', '" + owner.id() + "')");
        assertThat(post(other, conversation(id))).isEqualTo(403);
        assertThat(post(owner, conversation(id))).isEqualTo(202);
    }

    /** Two keys sending the same new id at the same moment: exactly one wins, the other is refused (no 202 lost later). */
    @Test
    void track__twoKeysRaceForANewId__exactlyOneAccepted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 10; round++) {
                String id = "race-" + UUID.randomUUID();
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    TestKeys.Key key = i % 2 == 0 ? owner : other;
                    answers.add(pool.submit((Callable<Integer>) () -> post(key, conversation(id))));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : answers) {
                    statuses.add(f.get());
                }
                String winner = ownerOf("production", id);
                long accepted = statuses.stream().filter(s -> s == 202).count();
                assertThat(accepted).as("round %d: %s", round, statuses).isEqualTo(4);
                assertThat(statuses).containsOnly(202, 403);
                assertThat(winner).isIn(owner.id().toString(), other.id().toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batch__itemsOfAnotherKey__403PerItem_othersAccepted() {
        ObjectNode mine = conversation();
        assertThat(post(owner, mine)).isEqualTo(202);
        ObjectNode fresh = conversation();
        String batch = "{\"conversations\":[" + json(fresh) + "," + json(conversation(mine.get("conversation_id").asText()))
                + "]}";
        given().header("Authorization", other.bearer()).contentType(ContentType.JSON).body(batch)
                .post(ApiPaths.TRACK_BATCH).then().statusCode(207)
                .body("results.status", contains(202, 403))
                .body("results[1].error.code", equalTo("forbidden"))
                .body("results[1].error.details[0].field", equalTo("conversations[1].conversation_id"));
        assertThat(ownerOf("production", fresh.get("conversation_id").asText())).isEqualTo(other.id().toString());
    }
}
