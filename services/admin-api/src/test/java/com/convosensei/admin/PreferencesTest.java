package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.convosensei.admin.service.TokenIssuer;
import com.convosensei.platform.auth.RoleAugmentor;
import com.convosensei.platform.email.EmailTokens;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The caller's own preferences (GET/PATCH /api/v1/me/preferences), "send me a summary now", the welcome email queued
 * for new admins, and the unsubscribe link that works without signing in.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class PreferencesTest {

    static final String ADMIN = TestTokens.bearerFor("sub-pref-admin", "pref-admin@example.com", "admin");
    static final String VIEWER = TestTokens.bearerFor("sub-pref-viewer", "pref-viewer@example.com", "viewer");
    static final String NEWCOMER = TestTokens.bearerFor("sub-pref-new", "pref-new@example.com", null);

    @Inject
    RoleAugmentor roles;
    @Inject
    EmailTokens tokens;

    @BeforeEach
    void clean() {
        TestDb.DB.exec("truncate user_profiles, audit_events, email_outbox, user_security_logs, user_sessions");
        roles.forgetAll();
    }

    private static ValidatableResponse patch(String token, String body) {
        return given().header("Authorization", token).contentType(ContentType.JSON).body(body)
                .patch("/api/v1/me/preferences").then();
    }

    @Test
    void preferences__startAtTheDefaults__andPatchChangesOnlyTheFieldsSent() {
        given().header("Authorization", ADMIN).get("/api/v1/me/preferences").then().statusCode(200)
                .body("weekly_summary", equalTo(false)).body("weekly_summary_applies", equalTo(true))
                .body("product_analytics", equalTo(true))
                .body("onboarding.tour_dismissed", equalTo(false)).body("onboarding.tour_steps_seen", equalTo(List.of()));

        patch(ADMIN, "{\"weekly_summary\": true}").statusCode(200)
                .body("weekly_summary", equalTo(true)).body("product_analytics", equalTo(true));
        patch(ADMIN, "{\"onboarding\": {\"tour_steps_seen\": [\"overview\", \"failures\", \"overview\"]}}").statusCode(200)
                .body("onboarding.tour_steps_seen", equalTo(List.of("overview", "failures")))
                .body("onboarding.tour_dismissed", equalTo(false));
        // dismissing the tour leaves the seen steps alone; opting out of analytics leaves the summary alone
        patch(ADMIN, "{\"onboarding\": {\"tour_dismissed\": true}, \"product_analytics\": false}").statusCode(200)
                .body("weekly_summary", equalTo(true)).body("product_analytics", equalTo(false))
                .body("onboarding.tour_dismissed", equalTo(true))
                .body("onboarding.tour_steps_seen", equalTo(List.of("overview", "failures")));

        Map<String, Object> row = TestDb.DB.one("""
                select weekly_summary_opt_in, product_analytics_opt_out, onboarding::text as onboarding
                from user_profiles where subject = 'sub-pref-admin'""");
        assertThat(row).containsEntry("weekly_summary_opt_in", true).containsEntry("product_analytics_opt_out", true);
        assertThat((String) row.get("onboarding")).contains("\"tour_dismissed\": true").contains("\"overview\"");
        given().header("Authorization", ADMIN).get("/api/v1/me/preferences").then().statusCode(200)
                .body("weekly_summary", equalTo(true)).body("product_analytics", equalTo(false));
    }

    @Test
    void viewer__keepsPreferencesToo__butIsToldTheWeeklySummaryIsForAdmins() {
        patch(VIEWER, "{\"weekly_summary\": true, \"onboarding\": {\"tour_dismissed\": true}}").statusCode(200)
                .body("weekly_summary", equalTo(true)).body("weekly_summary_applies", equalTo(false))
                .body("onboarding.tour_dismissed", equalTo(true));
        // each user sees only their own row
        given().header("Authorization", ADMIN).get("/api/v1/me/preferences").then().statusCode(200)
                .body("weekly_summary", equalTo(false)).body("onboarding.tour_dismissed", equalTo(false));
    }

    @Test
    void badPatches__areRefusedWith400NamingTheField_andChangeNothing() {
        patch(ADMIN, "{\"weekly_summary\": true}").statusCode(200);
        assertRefused(patch(ADMIN, "{\"weekly_sumary\": false}"), "weekly_sumary", "unknown field");
        assertRefused(patch(ADMIN, "{\"weekly_summary\": \"false\"}"), "weekly_summary", "must be true or false");
        assertRefused(patch(ADMIN, "{\"weekly_summary\": null}"), "weekly_summary", "must be true or false");
        assertRefused(patch(ADMIN, "{\"product_analytics\": 0}"), "product_analytics", "must be true or false");
        assertRefused(patch(ADMIN, "{\"onboarding\": []}"), "onboarding", "must be an object");
        assertRefused(patch(ADMIN, "{\"onboarding\": {\"tour\": true}}"), "onboarding.tour", "unknown field");
        assertRefused(patch(ADMIN, "{\"onboarding\": {\"tour_steps_seen\": \"overview\"}}"), "onboarding.tour_steps_seen", "array");
        assertRefused(patch(ADMIN, "{\"onboarding\": {\"tour_steps_seen\": [\"ok\", 3]}}"), "onboarding.tour_steps_seen[1]", "string");
        assertRefused(patch(ADMIN, "{\"onboarding\": {\"tour_steps_seen\": [\"" + "x".repeat(65) + "\"]}}"),
                "onboarding.tour_steps_seen[0]", "at most 64 characters");
        String fiftyOne = String.join(",", Collections.nCopies(51, "\"s\""));
        assertRefused(patch(ADMIN, "{\"onboarding\": {\"tour_steps_seen\": [" + fiftyOne + "]}}"),
                "onboarding.tour_steps_seen", "at most 50 steps");
        assertRefused(patch(ADMIN, "{}"), "body", "at least one");
        assertRefused(patch(ADMIN, "[true]"), "body", "JSON object");
        given().header("Authorization", ADMIN).get("/api/v1/me/preferences").then().statusCode(200)
                .body("weekly_summary", equalTo(true)).body("onboarding.tour_steps_seen", equalTo(List.of()));
    }

    private static void assertRefused(ValidatableResponse r, String field, String reason) {
        r.statusCode(400).body("code", equalTo("validation_failed"))
                .body("details.field", hasItem(field)).body("details.reason", hasItem(containsString(reason)));
    }

    @Test
    void summaryNow__queuesOneSummaryPerTenMinutes__forAdminsOnly() {
        given().header("Authorization", ADMIN).post("/api/v1/me/summary-email").then().statusCode(202)
                .body("queued", equalTo(true)).body("recipient", equalTo("pref-admin@example.com"));
        given().header("Authorization", ADMIN).post("/api/v1/me/summary-email").then().statusCode(202)
                .body("queued", equalTo(false)).body("message", containsString("already requested"));
        List<Map<String, Object>> rows = TestDb.DB.rows(
                "select recipient, dedupe_key, payload->>'subject' as subject, payload->>'period_end' as period_end"
                        + " from email_outbox where kind = 'weekly_summary'");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("recipient", "pref-admin@example.com").containsEntry("subject", "sub-pref-admin");
        assertThat((String) rows.get(0).get("dedupe_key")).startsWith("weekly_summary:sub-pref-admin:now-");
        assertThat(Instant.parse((String) rows.get(0).get("period_end"))).isBetween(Instant.now().minusSeconds(60), Instant.now());

        given().header("Authorization", VIEWER).post("/api/v1/me/summary-email").then().statusCode(403)
                .body("code", equalTo("forbidden"));
        given().post("/api/v1/me/summary-email").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().get("/api/v1/me/preferences").then().statusCode(401);
        given().header("Authorization", NEWCOMER).get("/api/v1/me/preferences").then().statusCode(403);
        assertThat(TestDb.DB.count("select count(*) from email_outbox where kind = 'weekly_summary'")).isEqualTo(1);
    }

    @Test
    void welcome__isQueuedOnceForANewAdmin__neverForViewersOrPeopleSeenBefore() {
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", ADMIN).get("/api/v1/me/preferences").then().statusCode(200);
            given().header("Authorization", VIEWER).get("/api/v1/me/preferences").then().statusCode(200);
            roles.forgetAll(); // every request a fresh lookup, as on another replica
        }
        List<Map<String, Object>> rows = TestDb.DB.rows("select kind, recipient, dedupe_key from email_outbox");
        assertThat(rows).containsExactly(Map.of("kind", "welcome", "recipient", "pref-admin@example.com",
                "dedupe_key", "welcome:sub-pref-admin"));

        // someone seen before this feature existed (last_seen_at set) is not welcomed on their next request
        TestDb.DB.exec("insert into user_profiles (subject, email, last_seen_at) values ('sub-old', 'old@example.com', now() - interval '3 days')");
        given().header("Authorization", TestTokens.bearerFor("sub-old", "old@example.com", "admin"))
                .get("/api/v1/me/preferences").then().statusCode(200);
        assertThat(TestDb.DB.count("select count(*) from email_outbox where dedupe_key = 'welcome:sub-old'")).isZero();
    }

    @Test
    void localAdmin__isWelcomedOnce_acrossRepeatedSignIns() {
        for (int i = 0; i < 3; i++) {
            String token = given().contentType(ContentType.JSON)
                    .body(Map.of("email", "admin@sensei.test", "password", "correct horse battery staple"))
                    .post("/api/v1/auth/login").then().statusCode(200).extract().path("access_token");
            given().header("Authorization", "Bearer " + token).get("/api/v1/me/preferences").then().statusCode(200);
            roles.forgetAll();
        }
        String subject = TokenIssuer.subjectFor("admin@sensei.test");
        assertThat(TestDb.DB.rows("select recipient, dedupe_key from email_outbox where kind = 'welcome'"))
                .containsExactly(Map.of("recipient", "admin@sensei.test", "dedupe_key", "welcome:" + subject));
    }

    @Test
    void welcome__isQueuedWhenAMemberIsMadeAdmin_onTheMembersPage() {
        given().header("Authorization", NEWCOMER).get("/api/v1/auth/me").then().statusCode(200);
        given().header("Authorization", ADMIN).get("/api/v1/members").then().statusCode(200);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"role\": \"viewer\"}")
                .put("/api/v1/members/sub-pref-new/role").then().statusCode(200);
        assertThat(TestDb.DB.count("select count(*) from email_outbox where dedupe_key = 'welcome:sub-pref-new'")).isZero();
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"role\": \"admin\"}")
                .put("/api/v1/members/sub-pref-new/role").then().statusCode(200);
        assertThat(TestDb.DB.value("select recipient from email_outbox where dedupe_key = 'welcome:sub-pref-new'"))
                .isEqualTo("pref-new@example.com");
    }

    @Test
    void unsubscribeLink__getOnlyShowsAPage__postTurnsTheSummaryOff_withoutSigningIn() {
        patch(ADMIN, "{\"weekly_summary\": true}").statusCode(200);
        String token = tokens.sign(EmailTokens.UNSUBSCRIBE_WEEKLY, "sub-pref-admin", Instant.now().plusSeconds(600));

        given().queryParam("token", token).get("/api/v1/email/unsubscribe").then().statusCode(200)
                .contentType(containsString("text/html")).header("Referrer-Policy", equalTo("no-referrer"))
                .body(containsString("<form method=\"post\" action=\"/api/v1/email/unsubscribe\">"))
                .body(containsString("value=\"" + token + "\""));
        // a link scanner's GET changed nothing
        assertThat(TestDb.DB.value("select weekly_summary_opt_in from user_profiles where subject = 'sub-pref-admin'")).isEqualTo(true);

        // the page's button: the token in the form
        given().contentType(ContentType.URLENC).formParam("token", token).post("/api/v1/email/unsubscribe").then()
                .statusCode(200).body(containsString("You are unsubscribed"));
        assertThat(TestDb.DB.value("select weekly_summary_opt_in from user_profiles where subject = 'sub-pref-admin'")).isEqualTo(false);

        // RFC 8058 one-click: token in the URL, List-Unsubscribe=One-Click in the body; repeating it is harmless
        patch(ADMIN, "{\"weekly_summary\": true}").statusCode(200);
        given().queryParam("token", token).contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click")
                .post("/api/v1/email/unsubscribe").then().statusCode(200);
        given().queryParam("token", token).contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click")
                .post("/api/v1/email/unsubscribe").then().statusCode(200);
        assertThat(TestDb.DB.value("select weekly_summary_opt_in from user_profiles where subject = 'sub-pref-admin'")).isEqualTo(false);
    }

    @Test
    void unsubscribeLink__tamperedExpiredForeignOrMissing__isA400PageAndChangesNothing() {
        patch(ADMIN, "{\"weekly_summary\": true}").statusCode(200);
        String good = tokens.sign(EmailTokens.UNSUBSCRIBE_WEEKLY, "sub-pref-admin", Instant.now().plusSeconds(600));
        String otherSubject = tokens.sign(EmailTokens.UNSUBSCRIBE_WEEKLY, "sub-pref-viewer", Instant.now().plusSeconds(600));
        // same signature, another subject: swap the body of one token onto the signature of another
        String tampered = otherSubject.substring(0, otherSubject.indexOf('.')) + good.substring(good.indexOf('.'));
        String expired = tokens.sign(EmailTokens.UNSUBSCRIBE_WEEKLY, "sub-pref-admin", Instant.now().minusSeconds(1));
        String otherPurpose = tokens.sign("something-else", "sub-pref-admin", Instant.now().plusSeconds(600));
        for (String bad : new String[] {tampered, expired, otherPurpose, "garbage", "a.b.c", ""}) {
            given().queryParam("token", bad).get("/api/v1/email/unsubscribe").then().statusCode(400)
                    .body(containsString("not valid")).body(not(containsString("<form")));
            given().queryParam("token", bad).contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click")
                    .post("/api/v1/email/unsubscribe").then().statusCode(400);
        }
        given().get("/api/v1/email/unsubscribe").then().statusCode(400);
        given().post("/api/v1/email/unsubscribe").then().statusCode(400);
        // a browser gets the page, any other client the error envelope naming the token
        given().accept("text/html").queryParam("token", "garbage").get("/api/v1/email/unsubscribe").then().statusCode(400)
                .contentType(containsString("text/html")).body(containsString("This unsubscribe link is not valid"));
        given().accept("application/json").queryParam("token", "garbage").get("/api/v1/email/unsubscribe").then()
                .statusCode(400).body("code", org.hamcrest.Matchers.equalTo("validation_failed"))
                .body("details[0].field", org.hamcrest.Matchers.equalTo("token"));
        assertThat(TestDb.DB.value("select weekly_summary_opt_in from user_profiles where subject = 'sub-pref-admin'")).isEqualTo(true);
    }
}
