package com.convosensei.contracts.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.convosensei.contracts.Limits;
import com.convosensei.contracts.error.ErrorDetail;
import com.convosensei.contracts.stream.IngestEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules that keep intake from changing input silently, and the depth rule shared with the processor's reader. */
class TrackValidatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final TrackValidator validator = new TrackValidator(MAPPER);

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) MAPPER.readTree(json);
    }

    private static String valid(String extraTop, String extraMessage) {
        return "{\"conversation_id\":\"c1\"" + extraTop + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\","
                + "\"timestamp\":\"2025-03-01T10:00:00Z\"" + extraMessage + "}]}";
    }

    private ErrorDetail onlyError(String json) throws Exception {
        TrackValidator.Result r = validator.validate(body(json), "");
        assertThat(r.valid()).as(json).isFalse();
        assertThat(r.errors()).hasSize(1);
        return r.errors().get(0);
    }

    @Test
    void loneSurrogate__anyTextField__400NamingIt() throws Exception {
        // JSON allows "\ud800" alone; as UTF-8 it would be written '?', so "a\ud800" and "a\udbff" would be one id
        assertThat(onlyError("{\"conversation_id\":\"a\\ud800\",\"messages\":[]}"))
                .extracting(ErrorDetail::field, ErrorDetail::reason)
                .containsExactly("conversation_id", "must be valid Unicode (a lone surrogate \\ud800 at character 1)");
        assertThat(onlyError(valid(",\"user_id\":\"u\\udc00\"", "")).field()).isEqualTo("user_id");
        assertThat(onlyError(valid("", ",\"id\":\"\\udbff\"")).field()).isEqualTo("messages[0].id");
        assertThat(onlyError(valid("", "").replace("\"hi\"", "\"x\\ud83d\"")).field()).isEqualTo("messages[0].content");
        assertThat(onlyError(valid(",\"metadata\":{\"a\":[\"ok\",\"\\ud800\"]}", "")).field()).isEqualTo("metadata.a[1]");
        assertThat(onlyError(valid(",\"metadata\":{\"\\ud800\":1}", "")))
                .extracting(ErrorDetail::field, ErrorDetail::reason)
                .containsExactly("metadata", "keys must be valid Unicode (a lone surrogate \\ud800 at character 0)");
        // a proper pair (an emoji) is fine
        assertThat(validator.validate(body(valid(",\"user_id\":\"\\ud83d\\ude00\"", "")), "").valid()).isTrue();
    }

    @Test
    void nul__anyTextField__400NamingIt() throws Exception {
        assertThat(onlyError(valid(",\"user_id\":\"a\\u0000b\"", "")).field()).isEqualTo("user_id");
        assertThat(onlyError(valid("", ",\"id\":\"m\\u0000\"")).field()).isEqualTo("messages[0].id");
        assertThat(onlyError(valid("", "").replace("\"hi\"", "\"h\\u0000i\"")))
                .extracting(ErrorDetail::field, ErrorDetail::reason)
                .containsExactly("messages[0].content", "must not contain NUL characters (\\u0000 at character 1)");
        assertThat(onlyError(valid("", ",\"metadata\":{\"k\":{\"deep\":\"\\u0000\"}}")).field())
                .isEqualTo("messages[0].metadata.k.deep");
    }

    @Test
    void numberBeyondDouble__400_notStoredAsInfinity() throws Exception {
        assertThat(onlyError(valid(",\"metadata\":{\"x\":1e400}", "")))
                .extracting(ErrorDetail::field).isEqualTo("metadata.x");
        assertThat(onlyError(valid("", ",\"metadata\":{\"y\":[-1e999]}")).field()).isEqualTo("messages[0].metadata.y[0]");
        assertThat(validator.validate(body(valid(",\"metadata\":{\"x\":1e300,\"n\":123456789012345678901234567890}",
                "")), "").valid()).isTrue();
    }

    @Test
    void scalarsOfTheWrongType__400_neverCoerced() throws Exception {
        assertThat(onlyError(valid(",\"user_id\":0", ""))).extracting(ErrorDetail::field, ErrorDetail::reason)
                .containsExactly("user_id", "must be a string");
        assertThat(onlyError(valid(",\"ended\":\"true\"", "")).field()).isEqualTo("ended");
        assertThat(onlyError(valid("", ",\"latency_ms\":\"5\"")).field()).isEqualTo("messages[0].latency_ms");
        assertThat(onlyError(valid("", ",\"id\":7")).field()).isEqualTo("messages[0].id");
    }

    @Test
    void metadataDepth__atTheLimitAccepted_oneDeeperRefused() throws Exception {
        assertThat(validator.validate(body(valid(",\"metadata\":" + nested(Limits.MAX_METADATA_DEPTH), "")), "")
                .valid()).isTrue();
        ErrorDetail e = onlyError(valid("", ",\"metadata\":" + nested(Limits.MAX_METADATA_DEPTH + 1)));
        assertThat(e.field()).startsWith("messages[0].metadata.a.a");
        assertThat(e.reason()).isEqualTo("must be nested at most " + Limits.MAX_METADATA_DEPTH + " levels deep");
        // 999 deep, the case that was accepted and then dead-lettered
        assertThat(onlyError(valid(",\"metadata\":" + nested(999), "")).reason()).contains("nested at most");
    }

    /**
     * The wrapper constant is exact: an event carrying message metadata at the intake limit reads with a nesting
     * limit of {@link Limits#INGEST_EVENT_MAX_DEPTH} and fails with one less. The processor's reader uses at least it.
     */
    @Test
    void ingestEvent__deepestAcceptedMetadata__needsExactlyIngestEventMaxDepth() throws Exception {
        TrackValidator.Result r = validator.validate(body(valid(",\"metadata\":" + nested(Limits.MAX_METADATA_DEPTH),
                ",\"metadata\":" + nested(Limits.MAX_METADATA_DEPTH))), "");
        assertThat(r.valid()).isTrue();
        ObjectMapper writer = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        String payload = writer.writeValueAsString(new IngestEvent(r.request(), UUID.randomUUID(), Instant.now()));

        assertThat(reader(Limits.INGEST_EVENT_MAX_DEPTH).readValue(payload, IngestEvent.class).conversation()
                .messages().get(0).metadata()).isNotNull();
        assertThatThrownBy(() -> reader(Limits.INGEST_EVENT_MAX_DEPTH - 1).readValue(payload, IngestEvent.class))
                .hasMessageContaining("nesting depth");
    }

    private static ObjectMapper reader(int maxDepth) {
        JsonFactory f = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build()).build();
        return new ObjectMapper(f).registerModule(new JavaTimeModule());
    }

    /** {"a":{"a":...{"a":1}}} with {@code depth} objects. */
    private static String nested(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    @Test
    void textProblem__null_forOrdinaryText() {
        assertThat(TrackValidator.textProblem("plain \u00e9 \ud83d\ude00 text")).isNull();
    }
}
