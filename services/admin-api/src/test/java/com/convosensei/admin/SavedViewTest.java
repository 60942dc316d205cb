package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class SavedViewTest {

    private static final String OTHER = Tokens.bearerFor("11111111-2222-3333-4444-555555555555", "other@example.com");

    @BeforeEach
    void clean() {
        TestDb.DB.exec("truncate saved_views");
    }

    private static String view(String name) {
        return view(name, "conversations");
    }

    private static String view(String name, String scope) {
        return "{\"name\": \"" + name + "\", \"scope\": \"" + scope + "\", \"config\": {}}";
    }

    private static Response create(String auth, String json) {
        return given().header("Authorization", auth).contentType(ContentType.JSON).body(json).post("/api/v1/saved-views");
    }

    @Test
    void crud__createGetListReplaceDelete() {
        Response created = create(Tokens.bearer(), "{\"name\": \"Failing prod\", \"scope\": \"conversations\", \"config\": {\"environment\": \"production\", \"has_failures\": true}}");
        created.then().statusCode(201)
                .header("Location", endsWith("/api/v1/saved-views/" + created.path("id")))
                .body("name", equalTo("Failing prod"))
                .body("scope", equalTo("conversations"))
                .body("config.has_failures", equalTo(true));
        String id = created.path("id");
        assertThat(TestDb.DB.one("select owner from saved_views").get("owner")).isEqualTo(Tokens.TEST_SUBJECT);

        given().header("Authorization", Tokens.bearer()).get("/api/v1/saved-views/" + id).then().statusCode(200)
                .body("config.environment", equalTo("production"));

        create(Tokens.bearer(), "{\"name\": \"Critical\", \"scope\": \"failures\", \"config\": {\"severity\": \"critical\"}}").then().statusCode(201);
        given().header("Authorization", Tokens.bearer()).get("/api/v1/saved-views").then().statusCode(200).body("size()", equalTo(2));
        given().header("Authorization", Tokens.bearer()).get("/api/v1/saved-views?scope=failures").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].name", equalTo("Critical"));

        // full replace, idempotent
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                    .body(view("Failing production")).put("/api/v1/saved-views/" + id)
                    .then().statusCode(200).body("name", equalTo("Failing production")).body("config.size()", equalTo(0));
        }

        given().header("Authorization", Tokens.bearer()).delete("/api/v1/saved-views/" + id).then().statusCode(204);
        given().header("Authorization", Tokens.bearer()).get("/api/v1/saved-views/" + id).then().statusCode(404);
        given().header("Authorization", Tokens.bearer()).delete("/api/v1/saved-views/" + id).then().statusCode(404);
    }

    @Test
    void nameClash__inTheSameScope__is409() {
        create(Tokens.bearer(), view("Mine")).then().statusCode(201);
        create(Tokens.bearer(), view("Mine")).then().statusCode(409).body("code", equalTo("conflict"));
        // same name, other scope or other owner: fine
        create(Tokens.bearer(), view("Mine", "failures")).then().statusCode(201);
        create(OTHER, view("Mine")).then().statusCode(201);

        String second = create(Tokens.bearer(), view("Another")).path("id");
        given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON).body(view("Mine"))
                .put("/api/v1/saved-views/" + second).then().statusCode(409);
    }

    @Test
    void othersViews__areInvisibleAndUntouchable() {
        String id = create(Tokens.bearer(), view("Private")).path("id");

        given().header("Authorization", OTHER).get("/api/v1/saved-views").then().statusCode(200).body("size()", equalTo(0));
        given().header("Authorization", OTHER).get("/api/v1/saved-views/" + id).then().statusCode(404);
        given().header("Authorization", OTHER).contentType(ContentType.JSON).body(view("Hijacked"))
                .put("/api/v1/saved-views/" + id).then().statusCode(404);
        given().header("Authorization", OTHER).delete("/api/v1/saved-views/" + id).then().statusCode(404);

        assertThat(TestDb.DB.one("select name from saved_views where id = ?::uuid", id).get("name")).isEqualTo("Private");
    }

    @Test
    void invalidInput__is400NamingTheField() {
        create(Tokens.bearer(), view("  ")).then().statusCode(400).body("details.field", hasItem("name"));
        create(Tokens.bearer(), view("n".repeat(101))).then().statusCode(400).body("details.field", hasItem("name"));
        create(Tokens.bearer(), view("x", "Not A Scope")).then().statusCode(400).body("details.field", hasItem("scope"));
        create(Tokens.bearer(), "{\"name\": \"x\", \"scope\": \"conversations\", \"config\": [1, 2]}").then().statusCode(400).body("details[0].field", equalTo("config"));
        create(Tokens.bearer(), "{\"name\": \"x\", \"scope\": \"conversations\", \"config\": {\"q\": \"" + "a".repeat(17_000) + "\"}}").then().statusCode(400)
                .body("details[0].field", equalTo("config"));
        create(Tokens.bearer(), "{\"name\": \"x\\u0000y\", \"scope\": \"conversations\", \"config\": {}}").then().statusCode(400)
                .body("details[0].field", equalTo("name"));
        given().header("Authorization", Tokens.bearer()).get("/api/v1/saved-views?scope=BAD%20SCOPE").then().statusCode(400);
        given().header("Authorization", Tokens.bearer()).get("/api/v1/saved-views/" + UUID.randomUUID()).then().statusCode(404);
        given().header("Authorization", Tokens.bearer()).get("/api/v1/saved-views/not-a-uuid").then().statusCode(404);
        assertThat(TestDb.DB.count("select count(*) from saved_views")).isZero();
    }

    /** A row stored before the save-time depth check (here written straight to SQL) must not break the list. */
    @Test
    void storedUnreadableConfig__isSkippedInTheList_409OnGet_andRepairableByPut() {
        create(Tokens.bearer(), view("Good")).then().statusCode(201);
        String deep = "{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000);
        String badId = TestDb.DB.one("insert into saved_views (owner, name, scope, config) values (?, 'Deep', 'conversations', ?::jsonb)"
                + " returning id::text as id", Tokens.TEST_SUBJECT, deep).get("id").toString();

        String body = given().header("Authorization", Tokens.bearer()).get("/api/v1/saved-views")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].name", equalTo("Good")).extract().asString();
        assertThat(body).endsWith("]"); // complete JSON, not a list cut off at the bad row

        given().header("Authorization", Tokens.bearer()).get("/api/v1/saved-views/" + badId).then().statusCode(409)
                .body("code", equalTo("conflict")).body("message", org.hamcrest.Matchers.containsString("save it again"));
        given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON).body(view("Deep"))
                .put("/api/v1/saved-views/" + badId).then().statusCode(200).body("config.size()", equalTo(0));
        given().header("Authorization", Tokens.bearer()).get("/api/v1/saved-views").then().statusCode(200).body("size()", equalTo(2));
    }
}
