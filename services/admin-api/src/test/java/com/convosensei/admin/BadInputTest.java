package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.RawHttp;
import io.restassured.RestAssured;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input to admin-api gets a 4xx in the error envelope naming the field — never a 5xx, never a silent change
 * (issue 10 items 12-14). Each case is one that used to be accepted, changed, or answered with a 5xx.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void clean() {
        TestDb.DB.exec("truncate saved_views");
        TestDb.DB.exec("delete from api_keys where name like 'bad-input%' or name = '0' or name like '%plain%'");
    }

    private static Response post(String path, String contentType, String body) {
        return given().header("Authorization", Tokens.bearer()).contentType(contentType).body(body).post(path);
    }

    private static void envelope(Response r, int status, String field) {
        r.then().statusCode(status).contentType(ContentType.JSON);
        assertThat(r.jsonPath().getString("message")).isNotBlank();
        assertThat(r.jsonPath().getString("code")).isNotBlank();
        assertThat(r.jsonPath().getList("details")).isNotNull();
        if (field != null) {
            assertThat(r.jsonPath().getList("details.field", String.class)).as(r.asString()).contains(field);
        }
    }

    @Test
    void savedView__withoutScopeOrConfig__is400NamingEach() {
        envelope(post("/api/v1/saved-views", "application/json", "{\"name\": \"a\"}"), 400, "scope");
        envelope(post("/api/v1/saved-views", "application/json", "{\"name\": \"a\"}"), 400, "config");
        envelope(post("/api/v1/saved-views", "application/json", "{\"name\": \"a\", \"scope\": \"conversations\"}"), 400, "config");
        envelope(post("/api/v1/saved-views", "application/json", "{\"name\": \"a\", \"config\": {}}"), 400, "scope");
        envelope(post("/api/v1/saved-views", "application/json", "{\"name\": \"a\", \"scope\": \"conversations\", \"config\": null}"), 400, "config");
        assertThat(TestDb.DB.count("select count(*) from saved_views")).isZero();
    }

    @Test
    void savedView__numbersAndUnstorableText__areRefusedNotChanged() {
        String[][] cases = {
                {"{\"name\": 0, \"scope\": \"conversations\", \"config\": {}}", "name"},
                {"{\"name\": true, \"scope\": \"conversations\", \"config\": {}}", "name"},
                {"{\"name\": \"a\", \"scope\": 7, \"config\": {}}", "scope"},
                {"{\"name\": \"\\ud800\", \"scope\": \"conversations\", \"config\": {}}", "name"},
                {"{\"name\": \"a\", \"scope\": \"conversations\", \"config\": {\"q\": \"x\\udc00\"}}", "config.q"},
                {"{\"name\": \"a\", \"scope\": \"conversations\", \"config\": {\"\\ud800\": 1}}", "config"},
                {"{\"name\": \"a\", \"scope\": \"conversations\", \"config\": {\"n\": 1e400}}", "config.n"},
                {"{\"name\": \"a\", \"scope\": \"conversations\", \"config\": {\"f\": [1, -1e400]}}", "config.f[1]"},
                {"{\"name\": \"a\", \"scope\": \"conversations\", \"config\": {\"q\": \"a\\u0000\"}}", "config.q"},
        };
        for (String[] c : cases) {
            envelope(post("/api/v1/saved-views", "application/json", c[0]), 400, c[1]);
        }
        assertThat(TestDb.DB.count("select count(*) from saved_views")).isZero();
        // a real surrogate pair and an ordinary big number are stored as sent
        Response ok = post("/api/v1/saved-views", "application/json",
                "{\"name\": \"\\ud83d\\ude00\", \"scope\": \"conversations\", \"config\": {\"n\": 1e300}}");
        ok.then().statusCode(201).body("name", equalTo("\ud83d\ude00"));
        assertThat(ok.jsonPath().getDouble("config.n")).isEqualTo(1e300);
    }

    @Test
    void savedView__nestedTooDeep__is400AndTheListStaysValidJson() throws Exception {
        String deep = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
        envelope(post("/api/v1/saved-views", "application/json",
                "{\"name\": \"deep\", \"scope\": \"conversations\", \"config\": " + deep + "}"), 400, null);
        String tooDeep = "{\"a\":".repeat(32) + "1" + "}".repeat(32); // config itself is level 1: 33 levels
        envelope(post("/api/v1/saved-views", "application/json",
                "{\"name\": \"deep\", \"scope\": \"conversations\", \"config\": {\"x\":" + tooDeep + "}}"), 400, null);
        String deepest = "{\"a\":".repeat(31) + "1" + "}".repeat(31);
        post("/api/v1/saved-views", "application/json",
                "{\"name\": \"deepest\", \"scope\": \"conversations\", \"config\": " + "{\"x\":" + deepest + "}}")
                .then().statusCode(201);

        // a row stored before these checks existed (written straight to the table): the list is still whole JSON, and
        // skips that row (deeper than a save accepts) instead of failing for its owner
        TestDb.DB.exec("insert into saved_views (owner, name, scope, config) values (?, 'legacy', 'conversations', ?::jsonb)",
                Tokens.TEST_SUBJECT, "{\"x\":" + "[".repeat(997) + "]".repeat(997) + "}");
        Response list = given().header("Authorization", Tokens.bearer()).get("/api/v1/saved-views");
        list.then().statusCode(200);
        JsonNode parsed = JSON.readTree(list.asString()); // throws on truncated JSON
        assertThat(parsed.size()).isEqualTo(1);
        assertThat(parsed.get(0).get("name").asText()).isEqualTo("deepest");
    }

    @Test
    void savedView__replace__needsEveryFieldToo() {
        String id = post("/api/v1/saved-views", "application/json",
                "{\"name\": \"r\", \"scope\": \"failures\", \"config\": {\"severity\": \"high\"}}").path("id");
        Response r = given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                .body("{\"name\": \"r2\"}").put("/api/v1/saved-views/" + id);
        r.then().statusCode(400).body("details.field", hasItems("scope", "config"));
        assertThat(TestDb.DB.one("select name, scope from saved_views where id = ?::uuid", id))
                .containsEntry("name", "r").containsEntry("scope", "failures");
    }

    @Test
    void apiKey__plainTextBody__is415AndNoKeyIsCreated() {
        long before = TestDb.DB.count("select count(*) from api_keys");
        Response r = post("/api/v1/api-keys", "text/plain", "plain-text-key");
        envelope(r, 415, null);
        assertThat(r.jsonPath().getString("code")).isEqualTo("unsupported_media_type");
        envelope(post("/api/v1/api-keys", "application/x-www-form-urlencoded", "name=plain"), 415, null);
        envelope(post("/api/v1/api-keys", "application/json", "{\"name\": 0}"), 400, "name");
        envelope(post("/api/v1/api-keys", "application/json", "{\"name\": [\"bad-input\"]}"), 400, "name");
        envelope(post("/api/v1/api-keys", "application/json", "{\"name\": []}"), 400, "name");
        envelope(post("/api/v1/api-keys", "application/json", "{\"name\": \"bad-input\\ud800\"}"), 400, "name");
        envelope(post("/api/v1/api-keys", "application/json", "\"bad-input\""), 400, null);
        assertThat(TestDb.DB.count("select count(*) from api_keys")).isEqualTo(before);
    }

    @Test
    void login__emailWithNul__is400NotA500() {
        Response r = given().contentType(ContentType.JSON)
                .body("{\"email\": \"a\\u0000@example.com\", \"password\": \"x\"}").post("/api/v1/auth/login");
        envelope(r, 400, "email");
        envelope(given().contentType(ContentType.JSON).body("{\"email\": 5, \"password\": \"x\"}")
                .post("/api/v1/auth/login"), 400, "email");
    }

    @Test
    void dlq__idsBeyondWhatRedisTakes__are404And400NotUnavailable() {
        Response replay = given().header("Authorization", Tokens.bearer())
                .post("/api/v1/admin/dlq/99999999999999999999-0/replay");
        envelope(replay, 404, null);
        envelope(given().header("Authorization", Tokens.bearer()).post("/api/v1/admin/dlq/1-18446744073709551616/replay"), 404, null);
        envelope(given().header("Authorization", Tokens.bearer()).get("/api/v1/admin/dlq?before=99999999999999999999-0"), 400, "before");
        envelope(given().header("Authorization", Tokens.bearer()).get("/api/v1/admin/dlq?limit=abc"), 400, "limit");
        envelope(given().header("Authorization", Tokens.bearer()).get("/api/v1/admin/dlq?limit=0"), 400, "limit");
        // the largest real id is still a real id: not found, not refused
        envelope(given().header("Authorization", Tokens.bearer()).post("/api/v1/admin/dlq/18446744073709551615-18446744073709551615/replay"), 404, null);
    }

    @Test
    void settings__unstorableOrNonJsonBodies__are4xx() {
        envelope(given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                .body("{\"alert_thresholds\": {\"health_below\": 1e400}}").put("/api/v1/settings"), 400, null);
        envelope(given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                .body("{\"slack_webhook_url\": \"https://hooks.slack.com/services/T\\u0000\"}").put("/api/v1/settings"), 400, "slack_webhook_url");
        envelope(given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                .body("{\"slack_webhook_url\": \"https://hooks.slack.com/services/\\ud800\"}").put("/api/v1/settings"), 400, "slack_webhook_url");
        envelope(given().header("Authorization", Tokens.bearer()).contentType("text/plain")
                .body("{}").put("/api/v1/settings"), 415, null);
    }

    @Test
    void http__malformedEscapesNulLongUrisAndHeaders__areInTheEnvelope() throws Exception {
        for (String target : new String[] {"/api/v1/saved-views?scope=%zz", "/api/v1/saved-views/%zz", "/api/v1/saved-views?x=%"}) {
            RawHttp.Answer a = RawHttp.get(RestAssured.port, target, "Authorization: " + Tokens.bearer());
            assertThat(a.status()).as(target).isEqualTo(400);
            assertThat(JSON.readTree(a.body()).path("details").isArray()).as(a.body()).isTrue();
        }
        // an empty Accept header is no reason for a 500
        assertThat(RawHttp.get(RestAssured.port, "/api/v1/settings", "Authorization: " + Tokens.bearer(), "Accept: ").status())
                .isEqualTo(200);
        envelope(given().header("Authorization", Tokens.bearer()).urlEncodingEnabled(false)
                .get("/api/v1/saved-views?scope=a%00b"), 400, "scope");
        envelope(given().header("Authorization", Tokens.bearer()).urlEncodingEnabled(false)
                .get("/api/v1/saved-views?scope=%ED%A0%80"), 400, "scope");
        envelope(given().header("Authorization", Tokens.bearer())
                .get("/api/v1/saved-views?scope=" + "a".repeat(9000)), 414, "uri");
        envelope(given().header("Authorization", Tokens.bearer()).header("X-Big", "b".repeat(20_000))
                .get("/api/v1/saved-views"), 431, "headers");
        envelope(given().header("Authorization", Tokens.bearer()).get("/api/v1/no-such-thing"), 404, null);
        envelope(given().header("Authorization", Tokens.bearer()).delete("/api/v1/settings"), 405, null);
        given().header("Authorization", Tokens.bearer()).get("/api/v1/saved-views?scope=conversations")
                .then().statusCode(200).body(containsString("["));
    }

    @Test
    void serializationFailure__isA500InTheEnvelope_neverATruncated200() {
        // item 3 fails after ~12 KB of JSON, past the response buffer: the answer must not pass for a whole one
        for (int items : new int[] {5, 50}) {
            Response r = given().get("/test-only/broken-serialization?items=" + items);
            assertThat(r.statusCode()).as("items=%d: %s", items, r.asString()).isEqualTo(500);
            assertThat(r.jsonPath().getString("code")).isEqualTo("internal_error");
        }
    }
}
