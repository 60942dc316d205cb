package com.convosensei.ingestion;

import static com.convosensei.ingestion.Bodies.conversation;
import static com.convosensei.ingestion.Bodies.json;
import static com.convosensei.ingestion.Bodies.messageAt;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.convosensei.analysis.pii.PiiKind;
import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.stream.IngestEvent;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.ingestion.redaction.Redaction;
import com.convosensei.platform.testing.PostgresTestResource;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cards, IBANs and national ids never reach the stream in clear (default SENSEI_REDACT); the rest is kept. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestKeys.DB))
class TrackRedactionTest {

    private static TestKeys.Key key;

    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper mapper;
    @Inject
    Redaction redaction;

    @BeforeAll
    static void createKey() {
        key = TestKeys.create("redaction");
    }

    private String streamed(ObjectNode body) {
        String eventId = given().header("Authorization", key.bearer()).contentType(ContentType.JSON).body(json(body))
                .post(ApiPaths.TRACK).then().statusCode(202).extract().path("event_id");
        return redis.stream(String.class).xrange(Streams.INGEST, StreamRange.of(eventId, eventId)).get(0).payload()
                .get(Streams.FIELD_PAYLOAD);
    }

    @Test
    void track__cardIbanSsn__replacedByStableTokens_beforeTheStream() throws Exception {
        ObjectNode body = conversation();
        messageAt(0, body).put("content", "my card is 4242 4242 4242 4242, IBAN DE89 3704 0044 0532 0130 00, "
                + "ssn 123-45-6789, mail jane@example.com");
        messageAt(1, body).put("content", "Charging card 4242424242424242 now.");
        body.putObject("metadata").put("card", "5555 5555 5555 4444").putObject("nested").put("iban", "GB29NWBK60161331926819");
        String payload = streamed(body);

        assertThat(payload).doesNotContain("4242 4242 4242 4242", "4242424242424242", "DE89 3704", "123-45-6789",
                "5555 5555 5555 4444", "GB29NWBK60161331926819");
        IngestEvent event = mapper.readValue(payload, IngestEvent.class);
        String first = event.conversation().messages().get(0).content();
        assertThat(first).matches("my card is \\[card:[0-9a-f]{8}\\], IBAN \\[iban:[0-9a-f]{8}\\], "
                + "ssn \\[national_id:[0-9a-f]{8}\\], mail jane@example.com");
        // same card, other formatting, other message: same token (dedup and the echo rule still work)
        String token = first.substring("my card is ".length(), "my card is ".length() + 15);
        assertThat(event.conversation().messages().get(1).content()).isEqualTo("Charging card " + token + " now.");
        assertThat(event.conversation().metadata().get("card").asText()).matches("\\[card:[0-9a-f]{8}\\]");
        assertThat(event.conversation().metadata().at("/nested/iban").asText()).matches("\\[iban:[0-9a-f]{8}\\]");
        assertThat(event.conversation().messages().get(2).content()).isEqualTo("Thanks");
    }

    @Test
    void track__resentRedactedConversation__sameTokens() throws Exception {
        ObjectNode body = conversation();
        messageAt(0, body).put("content", "card 4242 4242 4242 4242");
        String a = mapper.readValue(streamed(body), IngestEvent.class).conversation().messages().get(0).content();
        String b = mapper.readValue(streamed(body), IngestEvent.class).conversation().messages().get(0).content();
        assertThat(a).isEqualTo(b).startsWith("card [card:");
    }

    @Test
    void config__defaultKinds_andUnknownNamesRefusedAtStart() {
        assertThat(redaction.kinds()).isEqualTo(EnumSet.of(PiiKind.CARD, PiiKind.IBAN, PiiKind.SSN));
        assertThatThrownBy(() -> Redaction.parseKinds("card,emails"))
                .hasMessageContaining("unknown kind 'emails'");
        assertThat(Redaction.parseKinds("none")).isEmpty();
        assertThat(Redaction.parseKinds(" Email , phone,card ")).isEqualTo(EnumSet.of(PiiKind.EMAIL, PiiKind.PHONE,
                PiiKind.CARD));
    }
}
