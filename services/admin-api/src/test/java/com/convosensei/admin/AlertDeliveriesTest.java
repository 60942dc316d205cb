package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failed alert deliveries shown with Slack's answer and next retry, the "alerts are failing" verdict, and the masked webhook. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class AlertDeliveriesTest {

    static final String SLACK_URL = "https://hooks.slack.com/services/T01ABCDEFG/B02HIJKLMN/abcdefghijklmnopqrstXYZ1";
    static final String SLACK_MASK = "https://hooks.slack.com/services/T0\u2026/\u2026/\u2022\u2022\u2022\u2022XYZ1";

    private SlackStandIn slack;

    @BeforeEach
    void reset() throws Exception {
        TestDb.DB.exec("update app_settings set slack_webhook_url = null, updated_by = null");
        TestDb.DB.exec("delete from alerts");
        slack = new SlackStandIn();
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private static ValidatableResponse put(String json) {
        return given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON).body(json)
                .put("/api/v1/settings").then();
    }

    private static ValidatableResponse deliveries(String bearer) {
        return given().header("Authorization", bearer).get("/api/v1/alerts/deliveries").then();
    }

    private static String storedUrl() {
        return (String) TestDb.DB.one("select slack_webhook_url from app_settings").get("slack_webhook_url");
    }

    @Test
    void settings__webhookUrlIsMaskedOnSaveAndRead_neverInClear() {
        String saved = put("{\"slack_webhook_url\": \"" + SLACK_URL + "\"}").statusCode(200)
                .body("slack_webhook_url", equalTo(SLACK_MASK)).extract().asString();
        String read = given().header("Authorization", Tokens.bearer()).get("/api/v1/settings").then().statusCode(200)
                .body("slack_webhook_url", equalTo(SLACK_MASK)).extract().asString();
        assertThat(saved).doesNotContain("abcdefghijklmnop").doesNotContain("B02HIJKLMN");
        assertThat(read).doesNotContain("abcdefghijklmnop").doesNotContain("B02HIJKLMN");
        assertThat(storedUrl()).isEqualTo(SLACK_URL);
    }

    @Test
    void put__maskSentBackUnchanged_keepsTheStoredUrl_newUrlReplacesIt() {
        put("{\"slack_webhook_url\": \"" + SLACK_URL + "\"}").statusCode(200);
        put("{\"slack_webhook_url\": \"" + SLACK_MASK + "\", \"alert_thresholds\": {\"health_below\": 55}}")
                .statusCode(200).body("slack_webhook_url", equalTo(SLACK_MASK))
                .body("alert_thresholds.health_below", equalTo(55.0f));
        assertThat(storedUrl()).isEqualTo(SLACK_URL);

        String next = "https://hooks.slack.com/services/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";
        put("{\"slack_webhook_url\": \"" + next + "\"}").statusCode(200)
                .body("slack_webhook_url", equalTo("https://hooks.slack.com/services/T0\u2026/\u2026/\u2022\u2022\u2022\u2022QRS7"));
        assertThat(storedUrl()).isEqualTo(next);
    }

    @Test
    void put__aMaskThatIsNotTheStoredOnes__400NamingTheField_andNothingChanges() {
        put("{\"slack_webhook_url\": \"" + SLACK_URL + "\"}").statusCode(200);
        put("{\"slack_webhook_url\": \"https://hooks.slack.com/services/T0\u2026/\u2026/\u2022\u2022\u2022\u2022AAAA\"}")
                .statusCode(400).body("details[0].field", equalTo("slack_webhook_url"))
                .body("details[0].reason", containsString("masked"));
        assertThat(storedUrl()).isEqualTo(SLACK_URL);
        // no webhook stored: no mask can match
        put("{\"slack_webhook_url\": null}").statusCode(200);
        put("{\"slack_webhook_url\": \"" + SLACK_MASK + "\"}").statusCode(400)
                .body("details[0].field", equalTo("slack_webhook_url"));
        assertThat(storedUrl()).isNull();
    }

    @Test
    void testAlert__withTheMaskedSavedUrl_testsTheSavedWebhook() {
        put("{\"slack_webhook_url\": \"" + slack.url("/services/T1/B1/secret") + "\"}").statusCode(200);
        String mask = given().header("Authorization", Tokens.bearer()).get("/api/v1/settings").path("slack_webhook_url");
        assertThat(mask).doesNotContain("secret");
        given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                .body("{\"slack_webhook_url\": \"" + mask + "\"}").post("/api/v1/settings/test-alert").then()
                .statusCode(200).body("delivered", equalTo(true));
        assertThat(slack.received()).hasSize(1);
        assertThat(slack.received().get(0).path()).isEqualTo("/services/T1/B1/secret");
    }

    @Test
    void deliveries__aFailedTestToTheSavedWebhook_isListedWithSlacksAnswer_andAlertsAreFailing_untilOneSucceeds() {
        deliveries(Tokens.bearer()).statusCode(200).body("failing", equalTo(false)).body("deliveries.size()", equalTo(0))
                .body("summary", nullValue());
        put("{\"slack_webhook_url\": \"" + slack.url("/services/T1/B1/secret") + "\"}").statusCode(200);
        slack.answer(404, "no_service");
        given().header("Authorization", Tokens.bearer()).post("/api/v1/settings/test-alert").then().statusCode(200)
                .body("delivered", equalTo(false));

        String body = deliveries(Tokens.bearer()).statusCode(200)
                .body("failing", equalTo(true))
                .body("summary", equalTo("Slack answered 404 no_service"))
                .body("failed_last_hour", equalTo(1))
                .body("deliveries.size()", equalTo(1))
                .body("deliveries[0].kind", equalTo("test"))
                .body("deliveries[0].state", equalTo("failed"))
                .body("deliveries[0].response_status", equalTo(404))
                .body("deliveries[0].answer", equalTo("no_service"))
                .body("deliveries[0].attempts", equalTo(1))
                .body("deliveries[0].last_attempt_at", notNullValue())
                .body("deliveries[0].next_retry_at", nullValue())
                .extract().asString();
        assertThat(body).doesNotContain("secret").doesNotContain("127.0.0.1");

        slack.answer(200, "ok");
        given().header("Authorization", Tokens.bearer()).post("/api/v1/settings/test-alert").then().statusCode(200)
                .body("delivered", equalTo(true));
        deliveries(Tokens.bearer()).statusCode(200).body("failing", equalTo(false))
                .body("deliveries.size()", equalTo(1)).body("last_success_at", notNullValue());
    }

    @Test
    void deliveries__aFailingTestOfAnUnsavedUrl_isNotAnAlertFailure() {
        put("{\"slack_webhook_url\": \"" + slack.url("/services/T1/B1/saved") + "\"}").statusCode(200);
        slack.answer(404, "no_service");
        given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                .body("{\"slack_webhook_url\": \"" + slack.url("/services/T1/B1/typo") + "\"}")
                .post("/api/v1/settings/test-alert").then().statusCode(200).body("delivered", equalTo(false));
        deliveries(Tokens.bearer()).statusCode(200).body("failing", equalTo(false)).body("deliveries.size()", equalTo(0));
    }

    @Test
    void deliveries__retryingOnesShowTheNextRetry_andAnswersNeverCarryAUrl() {
        TestDb.DB.exec("""
                insert into alerts (dedupe_key, kind, failure_type, status, attempts, response_status, response_body,
                                    last_attempt_at, next_retry_at)
                values ('k1', 'failure', 'user_frustration', 'failed', 5, 503,
                        'upstream down, see https://hooks.slack.com/services/T1/B1/secret for details',
                        now() - interval '10 seconds', now() + interval '55 seconds')""");
        deliveries(Tokens.bearer()).statusCode(200)
                .body("failing", equalTo(true))
                .body("summary", equalTo("Slack answered 503 upstream down, see [link removed] for details"))
                .body("deliveries[0].state", equalTo("retrying"))
                .body("deliveries[0].failure_type", equalTo("user_frustration"))
                .body("deliveries[0].next_retry_at", notNullValue())
                .body("deliveries[0].answer", not(containsString("secret")));
    }

    @Test
    void deliveries__threeFailuresInARow_meanFailing_evenWhenOld() {
        for (int i = 0; i < 3; i++) {
            TestDb.DB.exec("insert into alerts (dedupe_key, kind, status, attempts, response_status, response_body, created_at,"
                    + " last_attempt_at) values ('old" + i + "', 'health', 'failed', 1, 404, 'no_service',"
                    + " now() - interval '2 days', now() - interval '2 days' + interval '" + i + " minutes')");
        }
        deliveries(Tokens.bearer()).statusCode(200).body("failing", equalTo(true)).body("failed_last_hour", equalTo(0))
                .body("deliveries.size()", equalTo(3));
        // an older failure streak broken by a later success is not failing
        TestDb.DB.exec("insert into alerts (dedupe_key, kind, status, attempts, response_status, sent_at, last_attempt_at)"
                + " values ('ok1', 'health', 'sent', 1, 200, now() - interval '1 day', now() - interval '1 day')");
        deliveries(Tokens.bearer()).statusCode(200).body("failing", equalTo(false));
    }

    @Test
    void deliveries__viewersMayRead_badLimitIs400() {
        deliveries(TestTokens.viewerBearer()).statusCode(200).body("failing", equalTo(false));
        given().header("Authorization", Tokens.bearer()).get("/api/v1/alerts/deliveries?limit=0").then().statusCode(400)
                .body("details[0].field", containsString("limit"));
        given().get("/api/v1/alerts/deliveries").then().statusCode(401);
    }
}
