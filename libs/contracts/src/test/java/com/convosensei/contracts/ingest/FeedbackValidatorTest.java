package com.convosensei.contracts.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.error.ErrorDetail;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Feedback rules, and that the fields it shares with track are refused with track's reasons. */
class FeedbackValidatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00.123456789Z");
    private final FeedbackValidator validator = new FeedbackValidator(Clock.fixed(NOW, ZoneOffset.UTC));

    private FeedbackValidator.Result validate(String json) throws Exception {
        return validator.validate(MAPPER.readTree(json), "");
    }

    private ErrorDetail onlyError(String json) throws Exception {
        FeedbackValidator.Result r = validate(json);
        assertThat(r.valid()).as(json).isFalse();
        assertThat(r.errors()).as(json).hasSize(1);
        return r.errors().get(0);
    }

    private static String thumbs(String value) {
        return "{\"conversation_id\":\"c1\",\"kind\":\"thumbs\",\"value\":" + value + "}";
    }

    private static String rating(String value) {
        return "{\"conversation_id\":\"c1\",\"kind\":\"rating\",\"value\":" + value + "}";
    }

    @Test
    void minimal__defaultsEnvironmentAndTimestamp() throws Exception {
        FeedbackValidator.Result r = validate(thumbs("-1"));
        assertThat(r.errors()).isEmpty();
        FeedbackRequest f = r.request();
        assertThat(f.conversationId()).isEqualTo("c1");
        assertThat(f.environment()).isEqualTo("production");
        assertThat(f.messageId()).isNull();
        assertThat(f.userId()).isNull();
        assertThat(f.kind()).isEqualTo("thumbs");
        assertThat(f.value()).isEqualTo(-1);
        assertThat(f.comment()).isNull();
        // now, at PostgreSQL's precision
        assertThat(f.timestamp()).isEqualTo(Instant.parse("2026-12-01T12:00:00.123456Z"));
    }

    @Test
    void full__keptAsSent() throws Exception {
        FeedbackValidator.Result r = validate("{\"conversation_id\":\"c1\",\"environment\":\"staging\","
                + "\"message_id\":\"m7\",\"user_id\":\"u1\",\"kind\":\"rating\",\"value\":4,"
                + "\"comment\":\"good\\nbut slow\",\"timestamp\":\"2026-12-01T13:00:00+02:00\",\"extra\":{\"x\":1}}");
        assertThat(r.errors()).isEmpty();
        assertThat(r.request()).isEqualTo(new FeedbackRequest("c1", "staging", "m7", "u1", "rating", 4,
                "good\nbut slow", Instant.parse("2026-12-01T11:00:00Z")));
    }

    @Test
    void thumbs__onlyMinusOneOrOne() throws Exception {
        assertThat(validate(thumbs("1")).valid()).isTrue();
        for (String bad : new String[] {"0", "2", "-2", "5"}) {
            assertThat(onlyError(thumbs(bad))).extracting(ErrorDetail::field, ErrorDetail::reason)
                    .containsExactly("value", "must be -1 (thumbs down) or 1 (thumbs up) for kind thumbs (got "
                            + bad + ")");
        }
        assertThat(onlyError(thumbs("\"down\"")).reason()).endsWith("(got a string)");
        assertThat(onlyError(thumbs("true")).reason()).endsWith("(got true)");
    }

    @Test
    void rating__wholeNumberOneToFive() throws Exception {
        for (int v = 1; v <= 5; v++) {
            assertThat(validate(rating(String.valueOf(v))).request().value()).isEqualTo(v);
        }
        for (String bad : new String[] {"0", "6", "3.5", "4.0", "-1", "1e10", "99999999999"}) {
            assertThat(onlyError(rating(bad))).as(bad).extracting(ErrorDetail::field, ErrorDetail::reason)
                    .containsExactly("value", "must be a whole number from 1 to 5 for kind rating (got "
                            + MAPPER.readTree(bad).asText() + ")");
        }
        assertThat(onlyError(rating("[4]")).reason()).endsWith("(got an array)");
    }

    @Test
    void kind__requiredAndKnown() throws Exception {
        assertThat(onlyError("{\"conversation_id\":\"c1\",\"value\":1}"))
                .extracting(ErrorDetail::field, ErrorDetail::reason)
                .containsExactly("kind", "is required (thumbs or rating)");
        assertThat(onlyError("{\"conversation_id\":\"c1\",\"kind\":\"stars\",\"value\":1}"))
                .extracting(ErrorDetail::field, ErrorDetail::reason)
                .containsExactly("kind", "must be thumbs or rating");
        assertThat(onlyError("{\"conversation_id\":\"c1\",\"kind\":\"Thumbs\",\"value\":1}").field()).isEqualTo("kind");
        assertThat(onlyError("{\"conversation_id\":\"c1\",\"kind\":\"rating\"}"))
                .extracting(ErrorDetail::field, ErrorDetail::reason)
                .containsExactly("value", "is required: a whole number from 1 to 5 for kind rating");
    }

    @Test
    void comment__atMost4000CharactersNoNul() throws Exception {
        String ok = "\ud83d\ude00".repeat(4000); // 4000 characters, 8000 UTF-16 units
        assertThat(validate("{\"conversation_id\":\"c1\",\"kind\":\"thumbs\",\"value\":1,\"comment\":\""
                + ok + "\"}").request().comment()).isEqualTo(ok);
        assertThat(onlyError("{\"conversation_id\":\"c1\",\"kind\":\"thumbs\",\"value\":1,\"comment\":\""
                + "x".repeat(4001) + "\"}")).extracting(ErrorDetail::field, ErrorDetail::reason)
                .containsExactly("comment", "must be at most 4000 characters (got 4001)");
        assertThat(onlyError("{\"conversation_id\":\"c1\",\"kind\":\"thumbs\",\"value\":1,\"comment\":7}"))
                .extracting(ErrorDetail::field, ErrorDetail::reason).containsExactly("comment", "must be a string");
        assertThat(onlyError("{\"conversation_id\":\"c1\",\"kind\":\"thumbs\",\"value\":1,\"comment\":\"a\\u0000\"}")
                .field()).isEqualTo("comment");
    }

    @Test
    void sharedFields__refusedWithTrackReasons() throws Exception {
        assertThat(onlyError("{\"kind\":\"thumbs\",\"value\":1}"))
                .extracting(ErrorDetail::field, ErrorDetail::reason).containsExactly("conversation_id", "is required");
        assertThat(onlyError("{\"conversation_id\":\"" + "c".repeat(257) + "\",\"kind\":\"thumbs\",\"value\":1}"))
                .extracting(ErrorDetail::field, ErrorDetail::reason)
                .containsExactly("conversation_id", "must be 1-256 characters (got 257)");
        assertThat(onlyError("{\"conversation_id\":\"c1\",\"environment\":\"pro d\",\"kind\":\"thumbs\",\"value\":1}")
                .field()).isEqualTo("environment");
        assertThat(onlyError("{\"conversation_id\":\"c1\",\"message_id\":\"" + "m".repeat(257)
                + "\",\"kind\":\"thumbs\",\"value\":1}").field()).isEqualTo("message_id");
        assertThat(onlyError("{\"conversation_id\":\"c1\",\"user_id\":5,\"kind\":\"thumbs\",\"value\":1}"))
                .extracting(ErrorDetail::field, ErrorDetail::reason).containsExactly("user_id", "must be a string");
        assertThat(onlyError("{\"conversation_id\":\"c1\",\"kind\":\"thumbs\",\"value\":1,"
                + "\"timestamp\":\"2026-12-02T12:00:01Z\"}"))
                .extracting(ErrorDetail::field, ErrorDetail::reason)
                .containsExactly("timestamp", "must not be more than 24 hours in the future");
        assertThat(onlyError("{\"conversation_id\":\"c1\",\"kind\":\"thumbs\",\"value\":1,\"timestamp\":\"yesterday\"}")
                .field()).isEqualTo("timestamp");
    }

    @Test
    void batchItem__pathsPrefixedAndAllProblemsListed() throws Exception {
        FeedbackValidator.Result r = validator.validate(MAPPER.readTree(
                "{\"kind\":\"rating\",\"value\":6,\"comment\":[]}"), "feedback[3].");
        assertThat(r.errors()).extracting(ErrorDetail::field)
                .containsExactly("feedback[3].conversation_id", "feedback[3].value", "feedback[3].comment");
        assertThat(validator.validate(MAPPER.readTree("[1]"), "feedback[0].").errors())
                .extracting(ErrorDetail::field, ErrorDetail::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("feedback[0]", "must be a JSON object"));
    }
}
