package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.convosensei.platform.testing.PostgresTestResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class SettingsTest {

    /** A short secret shows none of its characters. */
    static final String MASKED_SHORT = "https://hooks.slack.com/services/\u2026/\u2026/\u2022\u2022\u2022\u2022";

    private SlackStandIn slack;

    @BeforeEach
    void reset() throws Exception {
        TestDb.DB.exec("update app_settings set slack_webhook_url = null, updated_by = null,"
                + " alert_thresholds = '{\"min_severity\": \"high\", \"health_below\": 40, \"cooldown_minutes\": 10, \"digest_after_per_minute\": 5}'");
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

    private static ValidatableResponse testAlert(String json) {
        return given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON).body(json)
                .post("/api/v1/settings/test-alert").then();
    }

    @Test
    void get__returnsTheDefaults() {
        given().header("Authorization", Tokens.bearer()).get("/api/v1/settings").then().statusCode(200)
                .body("slack_webhook_url", nullValue())
                .body("alert_thresholds.min_severity", equalTo("high"))
                .body("alert_thresholds.health_below", equalTo(40.0f))
                .body("alert_thresholds.cooldown_minutes", equalTo(10))
                .body("alert_thresholds.digest_after_per_minute", equalTo(5));
    }

    /** The same stored JSON the processor's AlertsTest reads: both show/alert with high, 40, 10, 3. */
    @Test
    void get__storedThresholdsThePutRulesWouldRefuse__readAsTheirDefaults_keyByKey() throws Exception {
        TestDb.DB.exec("update app_settings set alert_thresholds = '{\"min_severity\": \"urgent\", \"health_below\": 250,"
                + " \"cooldown_minutes\": \"soon\", \"digest_after_per_minute\": 3}'");
        given().header("Authorization", Tokens.bearer()).get("/api/v1/settings").then().statusCode(200)
                .body("alert_thresholds.min_severity", equalTo("high"))
                .body("alert_thresholds.health_below", equalTo(40.0f))
                .body("alert_thresholds.cooldown_minutes", equalTo(10))
                .body("alert_thresholds.digest_after_per_minute", equalTo(3));
    }

    @Test
    void put__updatesOnlyWhatItCarriesAndIsIdempotent() {
        put("{\"slack_webhook_url\": \"https://hooks.slack.com/services/T0/B0/xyz\"}").statusCode(200)
                .body("slack_webhook_url", equalTo(MASKED_SHORT))
                .body("updated_by", equalTo(Tokens.TEST_EMAIL))
                .body("updated_at", notNullValue());
        for (int i = 0; i < 3; i++) {
            put("{\"alert_thresholds\": {\"min_severity\": \"critical\", \"cooldown_minutes\": 0}}").statusCode(200)
                    .body("slack_webhook_url", equalTo(MASKED_SHORT))
                    .body("alert_thresholds.min_severity", equalTo("critical"))
                    .body("alert_thresholds.cooldown_minutes", equalTo(0))
                    .body("alert_thresholds.health_below", equalTo(40.0f)); // untouched key kept
        }
        // what GET returned may be sent back as is (read-only fields are ignored)
        String current = given().header("Authorization", Tokens.bearer()).get("/api/v1/settings").asString();
        put(current).statusCode(200).body("alert_thresholds.min_severity", equalTo("critical"));
        assertThat(TestDb.DB.one("select slack_webhook_url from app_settings").get("slack_webhook_url"))
                .isEqualTo("https://hooks.slack.com/services/T0/B0/xyz"); // the mask sent back kept the stored URL

        put("{\"slack_webhook_url\": null}").statusCode(200).body("slack_webhook_url", nullValue());
        put("{\"slack_webhook_url\": \"https://hooks.slack.com/services/T0/B0/abc\"}").statusCode(200);
        put("{\"slack_webhook_url\": \"\"}").statusCode(200).body("slack_webhook_url", nullValue());
        assertThat(TestDb.DB.count("select count(*) from app_settings")).isEqualTo(1);
    }

    @Test
    void put__whateverIsSent__theTableKeepsExactlyOneRow() {
        put("{\"id\": 2, \"slack_webhook_url\": \"https://hooks.slack.com/services/x\"}").statusCode(400)
                .body("details.field", hasItem("id"));
        put("{\"id\": 1}").statusCode(400);
        put("[]").statusCode(400);
        put("\"text\"").statusCode(400);
        for (int i = 0; i < 5; i++) {
            put("{\"alert_thresholds\": {\"health_below\": " + (10 * i) + "}}").statusCode(200);
        }
        assertThat(TestDb.DB.count("select count(*) from app_settings")).isEqualTo(1);
        assertThat(TestDb.DB.count("select count(*) from app_settings where id = 1 and slack_webhook_url is null")).isEqualTo(1);
    }

    @Test
    void put__webhookMustBeHttpsToSlack_orThisMachineWhenEnabled() {
        put("{\"slack_webhook_url\": \"https://example.com/services/x\"}").statusCode(400)
                .body("details[0].field", equalTo("slack_webhook_url"))
                .body("details[0].reason", containsString("SENSEI_WEBHOOK_HOSTS"));
        put("{\"slack_webhook_url\": \"http://hooks.slack.com/services/x\"}").statusCode(400)
                .body("details[0].field", equalTo("slack_webhook_url"))
                .body("details[0].reason", containsString("https"));
        put("{\"slack_webhook_url\": \"not a url\"}").statusCode(400).body("details[0].field", equalTo("slack_webhook_url"));
        put("{\"slack_webhook_url\": \"ftp://example.com/x\"}").statusCode(400);
        put("{\"slack_webhook_url\": \"https:///nohost\"}").statusCode(400);
        put("{\"slack_webhook_url\": 42}").statusCode(400).body("details[0].field", equalTo("slack_webhook_url"));
        put("{\"slack_webhook_url\": \"http://127.0.0.1:9/hook\"}").statusCode(200);
        put("{\"slack_webhook_url\": \"http://localhost:9/hook\"}").statusCode(200);
        put("{\"slack_webhook_url\": \"http://[::1]:9/hook\"}").statusCode(200);
        assertThat(TestDb.DB.one("select slack_webhook_url from app_settings").get("slack_webhook_url")).isEqualTo("http://[::1]:9/hook");
    }

    @Test
    void put__invalidThresholds__are400WithEveryFieldNamed() {
        put("{\"alert_thresholds\": {\"min_severity\": \"huge\", \"health_below\": 101, \"cooldown_minutes\": 1441,"
                + " \"digest_after_per_minute\": 0, \"colour\": \"red\"}}").statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("details.field", containsInAnyOrder("alert_thresholds.min_severity", "alert_thresholds.health_below",
                        "alert_thresholds.cooldown_minutes", "alert_thresholds.digest_after_per_minute", "alert_thresholds.colour"));
        put("{\"alert_thresholds\": {\"cooldown_minutes\": 2.5}}").statusCode(400)
                .body("details[0].field", equalTo("alert_thresholds.cooldown_minutes"));
        put("{\"alert_thresholds\": {\"health_below\": \"40\"}}").statusCode(400);
        put("{\"alert_thresholds\": [1]}").statusCode(400).body("details[0].field", equalTo("alert_thresholds"));
        put("{\"alert_thresholds\": {\"health_below\": 0, \"digest_after_per_minute\": 1000, \"cooldown_minutes\": 1440}}").statusCode(200)
                .body("alert_thresholds.health_below", equalTo(0.0f));
        // nothing of a refused request was written
        put("{\"slack_webhook_url\": \"https://ok.example.com/h\", \"alert_thresholds\": {\"min_severity\": \"nope\"}}").statusCode(400);
        assertThat(TestDb.DB.one("select slack_webhook_url from app_settings").get("slack_webhook_url")).isNull();
    }

    @Test
    void testAlert__deliversTextAndBlocksToTheWebhookAndReturnsItsAnswer() throws Exception {
        put("{\"slack_webhook_url\": \"" + slack.url("/services/T1/B1/secret") + "\"}").statusCode(200);

        testAlert("{}").statusCode(200)
                .body("delivered", equalTo(true)).body("status", equalTo(200)).body("body", equalTo("ok"))
                .body("alert_id", notNullValue());

        assertThat(slack.received()).hasSize(1);
        SlackStandIn.Received got = slack.received().get(0);
        assertThat(got.path()).isEqualTo("/services/T1/B1/secret");
        assertThat(got.contentType()).startsWith("application/json");
        JsonNode json = new ObjectMapper().readTree(got.body());
        assertThat(json.get("text").asText()).contains("test");
        assertThat(json.get("blocks").isArray()).isTrue();
        assertThat(got.body()).contains("mrkdwn").contains(Tokens.TEST_EMAIL);

        Map<String, Object> row = TestDb.DB.one("select kind, status, response_status, response_body, attempts, sent_at from alerts");
        assertThat(row).containsEntry("kind", "test").containsEntry("status", "sent").containsEntry("response_status", 200)
                .containsEntry("response_body", "ok").containsEntry("attempts", 1);
        assertThat(row.get("sent_at")).isNotNull();

        given().header("Authorization", Tokens.bearer()).get("/api/v1/alerts?limit=5").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].kind", equalTo("test")).body("[0].status", equalTo("sent"))
                .body("[0].payload.text", containsString("test"));
    }

    @Test
    void testAlert__webhookAnswers500__reportsItAsNotDelivered() {
        slack.answer(500, "internal_error");

        testAlert("{\"slack_webhook_url\": \"" + slack.url("/given") + "\"}").statusCode(200)
                .body("delivered", equalTo(false)).body("status", equalTo(500)).body("body", equalTo("internal_error"));

        assertThat(slack.received()).extracting(SlackStandIn.Received::path).containsExactly("/given");
        assertThat(TestDb.DB.one("select status, response_status from alerts")).containsEntry("status", "failed")
                .containsEntry("response_status", 500);
        // the given URL is tried, not saved
        assertThat(TestDb.DB.one("select slack_webhook_url from app_settings").get("slack_webhook_url")).isNull();
    }

    @Test
    void testAlert__withoutAWebhook__is400NamingIt() {
        testAlert("{}").statusCode(400).body("details[0].field", equalTo("slack_webhook_url"));
        given().header("Authorization", Tokens.bearer()).post("/api/v1/settings/test-alert").then().statusCode(400)
                .body("details[0].field", equalTo("slack_webhook_url"));
        testAlert("{\"slack_webhook_url\": \"http://example.com/x\"}").statusCode(400)
                .body("details[0].field", equalTo("slack_webhook_url"));
    }

    @Test
    void testAlert__webhookUnreachable__is502WithOneMessageWhateverTheCause() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        // refused port vs. a port that accepts and never answers: the same answer, so the error is no port scanner
        try (ServerSocket silent = new ServerSocket(0)) {
            String refused = testAlert("{\"slack_webhook_url\": \"http://127.0.0.1:" + closed + "/hook\"}").statusCode(502)
                    .body("code", equalTo("bad_gateway")).extract().path("message");
            String hanging = testAlert("{\"slack_webhook_url\": \"http://127.0.0.1:" + silent.getLocalPort() + "/hook\"}").statusCode(502)
                    .body("code", equalTo("bad_gateway")).extract().path("message");
            assertThat(refused).isEqualTo(hanging).isEqualTo("the Slack webhook could not be reached or did not answer");
        }
        assertThat(TestDb.DB.rows("select status, response_status, response_body from alerts")).hasSize(2)
                .allSatisfy(row -> assertThat(row).containsEntry("status", "failed").containsEntry("response_status", null)
                        .containsEntry("response_body", "the Slack webhook could not be reached or did not answer"));
    }

    @Test
    void testAlert__anAnswerThatIsNotSlacks__isNotEchoed() {
        String page = "<html>" + "internal admin page ".repeat(50) + "</html>";
        slack.answer(200, page);
        testAlert("{\"slack_webhook_url\": \"" + slack.url("/services/x") + "\"}").statusCode(200)
                .body("status", equalTo(200))
                .body("body", equalTo("(answer not shown: " + page.length() + " characters, not a Slack reply)"));
        assertThat((String) TestDb.DB.one("select response_body from alerts").get("response_body")).doesNotContain("internal admin page");

        slack.answer(403, "invalid_token");
        testAlert("{\"slack_webhook_url\": \"" + slack.url("/services/x") + "\"}").statusCode(200)
                .body("delivered", equalTo(false)).body("body", equalTo("invalid_token"));
    }

    @Test
    void testAlert__badPortOrForeignHost__is400NamingTheField() {
        testAlert("{\"slack_webhook_url\": \"http://127.0.0.1:99999/hook\"}").statusCode(400)
                .body("details[0].field", equalTo("slack_webhook_url"))
                .body("details[0].reason", containsString("port"));
        testAlert("{\"slack_webhook_url\": \"https://169.254.169.254/latest/meta-data\"}").statusCode(400)
                .body("details[0].field", equalTo("slack_webhook_url"))
                .body("details[0].reason", containsString("hooks.slack.com"));
        testAlert("{\"slack_webhook_url\": \"https://hooks.slack.com:8443/services/x\"}").statusCode(400);
        assertThat(slack.received()).isEmpty();
        assertThat(TestDb.DB.count("select count(*) from alerts")).isZero();
    }

    @Test
    void alerts__limitOutOfRange__is400() {
        given().header("Authorization", Tokens.bearer()).get("/api/v1/alerts?limit=0").then().statusCode(400)
                .body("details[0].field", equalTo("limit"));
        given().header("Authorization", Tokens.bearer()).get("/api/v1/alerts?kind=bogus").then().statusCode(400)
                .body("details[0].field", equalTo("kind"));
    }
}
