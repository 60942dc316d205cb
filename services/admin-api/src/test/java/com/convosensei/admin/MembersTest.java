package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import com.convosensei.platform.auth.RoleAugmentor;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The members page: stored roles, where roles come from, the last-admin guard, the audit trail. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class MembersTest {

    static final String ADMIN = TestTokens.bearerFor("sub-admin", "admin@example.com", "admin");
    /** signs up like anyone on Supabase: no role claim, not on the allowlist */
    static final String NEWCOMER = TestTokens.bearerFor("sub-new", "new@example.com", null);
    /** on SENSEI_ADMIN_EMAILS in the test profile */
    static final String BOSS = TestTokens.bearerFor("sub-boss", "boss@sensei.test", null);

    @Inject
    RoleAugmentor roles;

    @BeforeEach
    void clean() {
        TestDb.DB.exec("truncate user_profiles, audit_events");
        roles.forgetAll();
    }

    private static ValidatableResponse setRole(String token, String subject, String body) {
        return given().header("Authorization", token).contentType(ContentType.JSON).body(body)
                .put("/api/v1/members/" + subject + "/role").then();
    }

    private static int status(String token, String path) {
        return given().header("Authorization", token).get(path).statusCode();
    }

    @Test
    void everyAuthenticatedUser__isRecordedWithEmailLastSeenAndWhereTheirRoleComesFrom() {
        assertThat(status(NEWCOMER, "/api/v1/saved-views")).isEqualTo(403);
        assertThat(status(BOSS, "/api/v1/settings")).isEqualTo(200);
        assertThat(status(ADMIN, "/api/v1/members")).isEqualTo(200);

        Map<String, Object> row = TestDb.DB.one("select email, role, claimed_role, last_seen_at from user_profiles where subject = 'sub-new'");
        assertThat(row).containsEntry("email", "new@example.com").containsEntry("role", null).containsEntry("claimed_role", null);
        assertThat(((java.sql.Timestamp) row.get("last_seen_at")).toInstant()).isAfter(OffsetDateTime.now().minusMinutes(1).toInstant());

        JsonPath members = given().header("Authorization", ADMIN).get("/api/v1/members").then().statusCode(200).extract().jsonPath();
        assertThat(members.getList("subject")).containsExactlyInAnyOrder("sub-admin", "sub-new", "sub-boss");
        assertThat(members.getMap("find { it.subject == 'sub-admin' }")).containsEntry("role", "admin")
                .containsEntry("role_source", "claim").containsEntry("role_editable", false).containsEntry("email", "admin@example.com");
        assertThat(members.getMap("find { it.subject == 'sub-boss' }")).containsEntry("role", "admin")
                .containsEntry("role_source", "allowlist").containsEntry("role_editable", false);
        assertThat(members.getMap("find { it.subject == 'sub-new' }")).containsEntry("role", null)
                .containsEntry("role_source", null).containsEntry("role_editable", true);
        assertThat(members.getString("find { it.subject == 'sub-new' }.last_seen_at")).isNotNull();
    }

    @Test
    void storedRole__grantsAndRevokesAtOnce__andEveryChangeIsAudited() {
        status(NEWCOMER, "/api/v1/auth/me");
        status(ADMIN, "/api/v1/auth/me");

        setRole(ADMIN, "sub-new", "{\"role\": \"viewer\"}").statusCode(200)
                .body("role", equalTo("viewer")).body("role_source", equalTo("stored")).body("stored_role", equalTo("viewer"));
        assertThat(status(NEWCOMER, "/api/v1/saved-views")).isEqualTo(200);
        assertThat(status(NEWCOMER, "/api/v1/settings")).isEqualTo(403);
        given().header("Authorization", NEWCOMER).get("/api/v1/auth/me").then().statusCode(200)
                .body("sensei_role", equalTo("viewer")).body("sensei_role_source", equalTo("stored"));

        setRole(ADMIN, "sub-new", "{\"role\": \"admin\"}").statusCode(200).body("role", equalTo("admin"));
        assertThat(status(NEWCOMER, "/api/v1/settings")).isEqualTo(200);

        setRole(ADMIN, "sub-new", "{\"role\": null}").statusCode(200).body("role", nullValue()).body("stored_role", nullValue());
        assertThat(status(NEWCOMER, "/api/v1/saved-views")).as("demotion takes effect on the next request").isEqualTo(403);
        given().header("Authorization", NEWCOMER).get("/api/v1/auth/me").then().statusCode(200).body("sensei_role", nullValue());

        assertThat(TestDb.DB.rows("select actor, action, target_kind, target_ref, details::text as details from audit_events order by id"))
                .extracting(r -> r.get("actor") + " " + r.get("action") + " " + r.get("target_kind") + " " + r.get("target_ref") + " " + r.get("details"))
                .containsExactly(
                        "sub-admin member.role member sub-new {\"to\": \"viewer\", \"from\": null}",
                        "sub-admin member.role member sub-new {\"to\": \"admin\", \"from\": \"viewer\"}",
                        "sub-admin member.role member sub-new {\"to\": null, \"from\": \"admin\"}");
        assertThat(TestDb.DB.count("select count(*) from audit_events where details::text like '%@%'")).as("no emails").isZero();

        // setting the role it already has changes (and records) nothing
        setRole(ADMIN, "sub-new", "{\"role\": null}").statusCode(200);
        assertThat(TestDb.DB.count("select count(*) from audit_events")).isEqualTo(3);
    }

    @Test
    void rolesFromTheTokenOrTheAllowlist__cannotBeOverriddenHere() {
        status(BOSS, "/api/v1/auth/me");
        status(ADMIN, "/api/v1/auth/me");
        setRole(ADMIN, "sub-boss", "{\"role\": \"viewer\"}").statusCode(409).body("code", equalTo("conflict"))
                .body("message", containsString("SENSEI_ADMIN_EMAILS"));
        setRole(BOSS, "sub-admin", "{\"role\": \"viewer\"}").statusCode(409)
                .body("message", containsString("app_metadata.sensei_role"));
        assertThat(TestDb.DB.count("select count(*) from audit_events")).isZero();
        assertThat(TestDb.DB.count("select count(*) from user_profiles where role is not null")).isZero();
    }

    @Test
    void theLastAdmin__cannotDemoteThemself_butCanOnceThereIsAnother() {
        String stored = TestTokens.bearerFor("sub-stored", "stored@example.com", null);
        TestDb.DB.exec("insert into user_profiles (subject, email, role) values ('sub-stored', 'stored@example.com', 'admin')");

        setRole(stored, "sub-stored", "{\"role\": \"viewer\"}").statusCode(409)
                .body("message", equalTo("you are the last admin; make someone else admin first"));
        assertThat(TestDb.DB.one("select role from user_profiles where subject = 'sub-stored'")).containsEntry("role", "admin");

        status(NEWCOMER, "/api/v1/auth/me");
        setRole(stored, "sub-new", "{\"role\": \"admin\"}").statusCode(200);
        setRole(stored, "sub-stored", "{\"role\": \"viewer\"}").statusCode(200).body("role", equalTo("viewer"));
        assertThat(status(stored, "/api/v1/members")).isEqualTo(403);
    }

    @Test
    void badBodiesAndUnknownMembers__areClear4xx() {
        status(ADMIN, "/api/v1/auth/me");
        setRole(ADMIN, "sub-admin", "{}").statusCode(400).body("details[0].field", equalTo("role"));
        setRole(ADMIN, "sub-admin", "{\"role\": \"owner\"}").statusCode(400).body("details[0].field", equalTo("role"))
                .body("details[0].reason", containsString("admin"));
        setRole(ADMIN, "sub-admin", "{\"role\": 1}").statusCode(400).body("details[0].field", equalTo("role"));
        setRole(ADMIN, "sub-admin", "[]").statusCode(400).body("details[0].field", equalTo("role"));
        setRole(ADMIN, "nobody", "{\"role\": \"viewer\"}").statusCode(404).body("code", equalTo("not_found"));
        assertThat(TestDb.DB.count("select count(*) from audit_events")).isZero();
    }
}
