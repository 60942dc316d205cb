package com.convosensei.dashboard;

import static com.convosensei.dashboard.Api.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transcript masks personal data intake did not redact; admins may reveal it, and each reveal is audited; viewers
 * may not. The list's preview (and so its search results) is masked too.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class TranscriptMaskingTest {

    private static final String CLEAR = "Reach me at jane.doe@example.com or +44 7700 900123, card [card:3f9a1c2e]";
    private static final String MASKED = "Reach me at j***@example.com or +** **** ****23, card [card:3f9a1c2e]";

    private UUID id;

    @BeforeEach
    void seed() {
        TestDb.truncate();
        TestDb.DB.exec("delete from audit_events where action = 'transcript.reveal'");
        id = TestDb.conversation("pii-chat").insert();
        TestDb.message(id, "user", CLEAR, Instant.now().minusSeconds(5));
        TestDb.DB.exec("update messages set metadata = '{\"contact\": \"bob@corp.example\", \"n\": 1}'::jsonb");
    }

    private static List<String> reveals() {
        return TestDb.DB.column("select actor || ' ' || target_kind || ' ' || target_ref || ' ' || details::text "
                + "from audit_events where action = 'transcript.reveal'");
    }

    @Test
    void messages__byDefault__maskedForEveryRole_nothingAudited() {
        api().get("/api/v1/conversations/" + id + "/messages").then().statusCode(200)
                .body("items[0].content", equalTo(MASKED))
                .body("items[0].metadata.contact", equalTo("b***@corp.example"))
                .body("items[0].metadata.n", equalTo(1));
        given().header("Authorization", TestTokens.viewerBearer()).get("/api/v1/conversations/" + id + "/messages")
                .then().statusCode(200).body("items[0].content", equalTo(MASKED));
        assertThat(reveals()).isEmpty();
    }

    @Test
    void messages__revealByAdmin__clearText_andOneAuditRowWithoutText() {
        api().queryParam("reveal", "true").get("/api/v1/conversations/" + id + "/messages").then().statusCode(200)
                .body("items[0].content", equalTo(CLEAR))
                .body("items[0].metadata.contact", equalTo("bob@corp.example"));
        assertThat(reveals()).containsExactly("00000000-0000-0000-0000-00000000test conversation " + id + " {}");
    }

    @Test
    void messages__revealByViewer__403_nothingRevealedOrAudited() {
        given().header("Authorization", TestTokens.viewerBearer()).queryParam("reveal", "true")
                .get("/api/v1/conversations/" + id + "/messages").then().statusCode(403)
                .body("code", equalTo("forbidden"));
        assertThat(reveals()).isEmpty();
    }

    @Test
    void messages__revealUnknownConversation__404_notAudited_badValue400() {
        api().queryParam("reveal", "true").get("/api/v1/conversations/" + UUID.randomUUID() + "/messages").then()
                .statusCode(404);
        api().queryParam("reveal", "yes").get("/api/v1/conversations/" + id + "/messages").then().statusCode(400)
                .body("details[0].field", equalTo("reveal"));
        assertThat(reveals()).isEmpty();
    }

    @Test
    void list__previewAndSearchResults__masked() {
        api().queryParams(Map.of("q", "reach")).get("/api/v1/conversations").then().statusCode(200)
                .body("items[0].id", equalTo(id.toString()))
                .body("items[0].last_message_preview", equalTo(MASKED));
    }
}
