package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class RetentionSettingsTest {

    @BeforeEach
    void clean() {
        TestDb.DB.exec("delete from retention_settings");
        TestDb.DB.exec("delete from audit_events");
    }

    private static ValidatableResponse put(String json) {
        return given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON).body(json)
                .put("/api/v1/retention").then();
    }

    private static ValidatableResponse get() {
        return given().header("Authorization", Tokens.bearer()).get("/api/v1/retention").then();
    }

    @Test
    void default__noEnvironmentHasAPeriod() {
        get().statusCode(200).body("environments", empty());
    }

    @Test
    void put__setsChangesAndRemovesPeriods_onlyForTheListedEnvironments() {
        put("{\"environments\": [{\"environment\": \"production\", \"days\": 90}, {\"environment\": \"staging\", \"days\": 7}]}")
                .statusCode(200)
                .body("environments.environment", containsInAnyOrder("production", "staging"))
                .body("environments.find { it.environment == 'production' }.days", equalTo(90))
                .body("environments.find { it.environment == 'production' }.updated_by", equalTo(Tokens.TEST_EMAIL))
                .body("environments.find { it.environment == 'production' }.updated_at", notNullValue());
        // what GET returns may be sent back (read-only fields ignored); staging untouched by a PUT not naming it
        put("{\"environments\": [{\"environment\": \"production\", \"days\": 30, \"updated_by\": \"x\"}]}").statusCode(200);
        get().statusCode(200).body("environments", hasSize(2))
                .body("environments.find { it.environment == 'production' }.days", equalTo(30))
                .body("environments.find { it.environment == 'staging' }.days", equalTo(7));
        // null: keep forever (the default)
        put("{\"environments\": [{\"environment\": \"staging\", \"days\": null}]}").statusCode(200)
                .body("environments.environment", containsInAnyOrder("production"));
        assertThat(TestDb.DB.count("select days from retention_settings where environment = 'production'")).isEqualTo(30);
        assertThat(TestDb.DB.count("select count(*) from retention_settings where environment = 'staging'")).isZero();
        // each change is audited
        assertThat(TestDb.DB.count("select count(*) from audit_events where action = 'retention.update'"
                + " and target_kind = 'environment' and actor = ?", Tokens.TEST_SUBJECT)).isEqualTo(4);
        // repeated PUT: same state
        put("{\"environments\": [{\"environment\": \"production\", \"days\": 30}]}").statusCode(200)
                .body("environments", hasSize(1)).body("environments[0].days", equalTo(30));
    }

    @Test
    void put__limits() {
        put("{\"environments\": [{\"environment\": \"a\", \"days\": 1}, {\"environment\": \"b\", \"days\": 3650}]}")
                .statusCode(200).body("environments", hasSize(2));
    }

    @Test
    void put__invalid__is400WithTheField_andChangesNothing() {
        put("{\"environments\": [{\"environment\": \"production\", \"days\": 30}]}").statusCode(200);
        String[][] cases = {
                {"{\"environments\": [{\"environment\": \"production\", \"days\": 0}]}", "environments[0].days"},
                {"{\"environments\": [{\"environment\": \"production\", \"days\": 3651}]}", "environments[0].days"},
                {"{\"environments\": [{\"environment\": \"production\", \"days\": \"30\"}]}", "environments[0].days"},
                {"{\"environments\": [{\"environment\": \"production\", \"days\": 1.5}]}", "environments[0].days"},
                {"{\"environments\": [{\"environment\": \"production\", \"days\": -5}]}", "environments[0].days"},
                {"{\"environments\": [{\"environment\": \"production\"}]}", "environments[0].days"},
                {"{\"environments\": [{\"environment\": \"prod uction\", \"days\": 5}]}", "environments[0].environment"},
                {"{\"environments\": [{\"environment\": \"" + "e".repeat(65) + "\", \"days\": 5}]}", "environments[0].environment"},
                {"{\"environments\": [{\"environment\": \"\", \"days\": 5}]}", "environments[0].environment"},
                {"{\"environments\": [{\"days\": 5}]}", "environments[0].environment"},
                {"{\"environments\": [{\"environment\": \"x\", \"days\": 5}, {\"environment\": \"x\", \"days\": 6}]}", "environments[1].environment"},
                {"{\"environments\": [{\"environment\": \"production\", \"days\": 1}, 7]}", "environments[1]"},
                {"{\"environments\": {\"production\": 5}}", "environments"},
                {"{}", "environments"},
                {"[]", "body"},
        };
        for (String[] c : cases) {
            put(c[0]).statusCode(400).body("details.field", org.hamcrest.Matchers.hasItem(c[1]));
        }
        // one bad entry: the good one beside it is not applied either
        put("{\"environments\": [{\"environment\": \"production\", \"days\": 5}, {\"environment\": \"staging\", \"days\": 0}]}")
                .statusCode(400).body("details[0].field", equalTo("environments[1].days"));
        get().body("environments", hasSize(1)).body("environments[0].days", equalTo(30));
    }

    @Test
    void retention__isForAdminsOnly() {
        String body = "{\"environments\": [{\"environment\": \"production\", \"days\": 1}]}";
        given().get("/api/v1/retention").then().statusCode(401);
        given().contentType(ContentType.JSON).body(body).put("/api/v1/retention").then().statusCode(401);
        for (String bearer : new String[] {TestTokens.viewerBearer(), TestTokens.noRoleBearer()}) {
            given().header("Authorization", bearer).get("/api/v1/retention").then().statusCode(403);
            given().header("Authorization", bearer).contentType(ContentType.JSON).body(body).put("/api/v1/retention")
                    .then().statusCode(403);
        }
        assertThat(TestDb.DB.count("select count(*) from retention_settings")).isZero();
    }
}
