package com.convosensei.dashboard;

import static com.convosensei.dashboard.Api.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Feedback as dashboard-api reads it (rows inserted as the processor writes them): a conversation's feedback with
 * the comment masked like the transcript, the list's {@code has_negative_feedback} filter and per-row counts, and
 * the feedback KPIs of the summary.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class ConversationFeedbackTest {

    static final String LIST = "/api/v1/conversations";
    private static final String CLEAR = "wrong again, mail me at jane.doe@example.com";
    private static final String MASKED = "wrong again, mail me at j***@example.com";

    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void clean() {
        TestDb.truncate();
        TestDb.DB.exec("delete from audit_events where action = 'transcript.reveal'");
    }

    private static String feedbackPath(UUID id) {
        return "/api/v1/conversations/" + id + "/feedback";
    }

    @Test
    void feedback__returnsEveryField_conversationLevelFirst_thenByTime() {
        UUID id = TestDb.conversation("chat-1").insert();
        UUID onMessage = TestDb.feedback("production", "chat-1", "m-2", "u-1", "thumbs", -1, CLEAR, now.minusSeconds(30));
        UUID later = TestDb.feedback("production", "chat-1", "m-1", null, "rating", 4, null, now.minusSeconds(10));
        UUID whole = TestDb.feedback("production", "chat-1", null, "u-2", "rating", 3, "ok", now);
        // the same external id in another environment is another conversation
        TestDb.feedback("staging", "chat-1", null, null, "thumbs", -1, "not mine", now);

        api().get(feedbackPath(id)).then().statusCode(200)
                .body("id", contains(whole.toString(), onMessage.toString(), later.toString()))
                .body("[0].message_id", nullValue())
                .body("[0].kind", equalTo("rating"))
                .body("[0].value", equalTo(3))
                .body("[0].polarity", equalTo(0))
                .body("[0].user_id", equalTo("u-2"))
                .body("[1].kind", equalTo("thumbs"))
                .body("[1].value", equalTo(-1))
                .body("[1].polarity", equalTo(-1))
                .body("[1].message_id", equalTo("m-2"))
                .body("[1].comment", equalTo(MASKED))
                .body("[1].given_at", equalTo(now.minusSeconds(30).toString()))
                .body("[1].source", equalTo("api"))
                .body("[2].polarity", equalTo(1))
                .body("[2].user_id", nullValue())
                .body("[2].comment", nullValue());
    }

    @Test
    void feedback__noneYet__isEmpty_unknownConversation__is404_badId__is400() {
        UUID id = TestDb.conversation("quiet").insert();
        api().get(feedbackPath(id)).then().statusCode(200).body("$", empty());
        api().get(feedbackPath(UUID.randomUUID())).then().statusCode(404).body("code", equalTo("not_found"));
        api().get("/api/v1/conversations/nope/feedback").then().statusCode(400).body("details[0].field", equalTo("id"));
        api().queryParam("reveal", "maybe").get(feedbackPath(id)).then().statusCode(400)
                .body("details[0].field", equalTo("reveal"));
    }

    @Test
    void feedbackComment__maskedForViewers_revealedForAdminsWithAudit_viewerRevealRefused() {
        UUID id = TestDb.conversation("pii").insert();
        TestDb.feedback("production", "pii", null, "u", "thumbs", -1, CLEAR, now);

        given().header("Authorization", TestTokens.viewerBearer()).get(feedbackPath(id)).then().statusCode(200)
                .body("[0].comment", equalTo(MASKED));
        assertThat(TestDb.DB.column("select count(*) from audit_events where action = 'transcript.reveal'")).containsExactly("0");

        given().header("Authorization", TestTokens.viewerBearer()).queryParam("reveal", "true").get(feedbackPath(id))
                .then().statusCode(403).body("code", equalTo("forbidden"));
        api().queryParam("reveal", "true").get(feedbackPath(UUID.randomUUID())).then().statusCode(404);
        assertThat(TestDb.DB.column("select count(*) from audit_events where action = 'transcript.reveal'")).containsExactly("0");

        api().queryParam("reveal", "true").get(feedbackPath(id)).then().statusCode(200)
                .body("[0].comment", equalTo(CLEAR));
        assertThat(TestDb.DB.column("select target_ref from audit_events where action = 'transcript.reveal'"))
                .containsExactly(id.toString());
    }

    @Test
    void list__hasNegativeFeedback__isExact_andRowsCarryCounts() {
        UUID thumbsDown = TestDb.conversation("down").activity(now.minusSeconds(1)).insert();
        UUID lowRating = TestDb.conversation("low").activity(now.minusSeconds(2)).insert();
        UUID neutral = TestDb.conversation("neutral").activity(now.minusSeconds(3)).insert();
        UUID happy = TestDb.conversation("happy").activity(now.minusSeconds(4)).insert();
        UUID none = TestDb.conversation("none").activity(now.minusSeconds(5)).insert();
        // negative feedback under the same external id but another environment must not match
        UUID otherEnv = TestDb.conversation("down").env("staging").activity(now.minusSeconds(6)).insert();
        TestDb.feedback("production", "down", "m1", "a", "thumbs", -1, null, now);
        TestDb.feedback("production", "down", "m2", "a", "thumbs", 1, null, now);
        TestDb.feedback("production", "down", "m2", "b", "rating", 5, null, now);
        TestDb.feedback("production", "low", null, null, "rating", 2, null, now);
        TestDb.feedback("production", "neutral", null, null, "rating", 3, null, now);
        TestDb.feedback("production", "happy", null, null, "thumbs", 1, null, now);
        TestDb.feedback("production", "ghost", null, null, "thumbs", -1, null, now); // no conversation row (yet)

        assertThat(ConversationListTest.ids(Map.of("has_negative_feedback", "true")))
                .containsExactly(thumbsDown.toString(), lowRating.toString());
        assertThat(ConversationListTest.ids(Map.of("has_negative_feedback", "false")))
                .containsExactly(neutral.toString(), happy.toString(), none.toString(), otherEnv.toString());
        // the health sort (two union branches) applies it too
        assertThat(ConversationListTest.ids(Map.of("has_negative_feedback", "TRUE", "sort", "health")))
                .containsExactlyInAnyOrder(thumbsDown.toString(), lowRating.toString());

        JsonPath page = api().get(LIST).then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("items.feedback.negative", Integer.class)).containsExactly(1, 1, 0, 0, 0, 0);
        assertThat(page.getList("items.feedback.positive", Integer.class)).containsExactly(2, 0, 0, 1, 0, 0);
        assertThat(api().queryParam("sort", "health").get(LIST).then().statusCode(200).extract().jsonPath()
                .getList("items.feedback.positive", Integer.class)).containsExactlyInAnyOrder(2, 0, 0, 1, 0, 0);
    }

    @Test
    void list__badHasNegativeFeedback__is400Envelope() {
        Response r = api().queryParam("has_negative_feedback", "yes").get(LIST);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.jsonPath().getString("code")).isEqualTo("validation_failed");
        assertThat(r.jsonPath().getList("details.field", String.class)).containsExactly("has_negative_feedback");
        assertThat(r.jsonPath().getList("details.reason", String.class)).containsExactly("must be true or false");
    }

    @Test
    void summary__feedbackShares_comparedWithThePreviousPeriod() {
        // current 7 days: 4 conversations, 2 with feedback, 1 of them negative
        TestDb.conversation("c-neg").activity(now.minus(1, ChronoUnit.DAYS)).insert();
        TestDb.conversation("c-pos").activity(now.minus(2, ChronoUnit.DAYS)).insert();
        TestDb.conversation("c-none-1").activity(now.minus(3, ChronoUnit.DAYS)).insert();
        TestDb.conversation("c-none-2").activity(now.minus(4, ChronoUnit.DAYS)).insert();
        // previous 7 days: 2 conversations, both with negative feedback
        TestDb.conversation("p-1").env("staging").activity(now.minus(8, ChronoUnit.DAYS)).insert();
        TestDb.conversation("p-2").activity(now.minus(9, ChronoUnit.DAYS)).insert();
        TestDb.feedback("production", "c-neg", "m1", "u", "thumbs", -1, null, now);
        TestDb.feedback("production", "c-neg", "m2", "u", "thumbs", -1, null, now);
        TestDb.feedback("production", "c-pos", null, null, "rating", 5, null, now);
        TestDb.feedback("staging", "p-1", null, null, "rating", 1, null, now);
        TestDb.feedback("production", "p-2", null, null, "thumbs", -1, null, now);
        TestDb.feedback("staging", "c-none-1", null, null, "thumbs", -1, null, now); // other environment

        JsonPath body = api().queryParam("timeframe", "7d").get("/api/v1/analytics/summary").then().statusCode(200)
                .body("feedback_rate.current", equalTo(0.5f))
                .body("feedback_rate.previous", equalTo(1.0f))
                .body("feedback_rate.change", equalTo(-0.5f))
                .body("negative_feedback_rate.current", equalTo(0.25f))
                .body("negative_feedback_rate.previous", equalTo(1.0f))
                .extract().jsonPath();
        assertThat(body.getDouble("negative_feedback_rate.change")).isCloseTo(-0.75, offset(1e-9));

        // environment narrows it like the other KPIs
        api().queryParam("timeframe", "7d").queryParam("environment", "staging").get("/api/v1/analytics/summary")
                .then().statusCode(200)
                .body("feedback_rate.current", nullValue())
                .body("feedback_rate.previous", equalTo(1.0f))
                .body("negative_feedback_rate.previous", equalTo(1.0f));
    }

    @Test
    void summary__noFeedback__sharesAreZero_noConversations__null() {
        api().get("/api/v1/analytics/summary").then().statusCode(200)
                .body("feedback_rate.current", nullValue())
                .body("negative_feedback_rate.current", nullValue());
        TestDb.conversation("x").activity(now.minusSeconds(60)).insert();
        api().get("/api/v1/analytics/summary").then().statusCode(200)
                .body("feedback_rate.current", equalTo(0.0f))
                .body("negative_feedback_rate.current", equalTo(0.0f));
    }
}
