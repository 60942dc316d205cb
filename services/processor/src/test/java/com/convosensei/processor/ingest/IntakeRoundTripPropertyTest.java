package com.convosensei.processor.ingest;

import static com.convosensei.processor.stream.ProcessorTestSupport.drained;
import static com.convosensei.processor.stream.ProcessorTestSupport.waitUntil;
import static com.convosensei.processor.stream.ProcessorTestSupport.xadd;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.Limits;
import com.convosensei.contracts.ingest.TrackMessage;
import com.convosensei.contracts.ingest.TrackRequest;
import com.convosensei.contracts.ingest.TrackValidator;
import com.convosensei.contracts.stream.IngestEvent;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.processor.stream.ProcessorTestSupport;
import com.convosensei.processor.stream.StreamConsumers;
import com.convosensei.processor.stream.StreamEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Property: every body intake accepts (the same {@link TrackValidator} ingestion-gateway runs) is decoded by the
 * processor and stored exactly as accepted — no dead letter, no '?' for odd Unicode, no "Infinity", no lost message.
 * Bodies come from a seeded generator that mixes ordinary values with the edges that used to break (deep metadata,
 * lone surrogates, NUL, huge numbers, 4-byte characters, limits ± 1). Seed: {@code -Dsensei.property.seed=...}
 * (printed on failure through the assertion messages). Runs against the real Redis stream and PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = ProcessorTestSupport.DB))
class IntakeRoundTripPropertyTest {

    private static final int BODIES = 300;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    RedisDataSource redis;
    @Inject
    StreamConsumers consumers;
    @Inject
    ObjectMapper mapper;
    @Inject
    IngestSubscriber subscriber;

    @BeforeEach
    void setUp() {
        ProcessorTestSupport.resetIngestStream(redis);
    }

    @AfterEach
    void tearDown() {
        consumers.stop(IngestSubscriber.NAME);
    }

    /** The processor's side of the shared depth rule: its reader allows what intake accepts plus the wrapper. */
    @Test
    void processorReader__allowsTheDeepestEventIntakeAccepts() throws Exception {
        assertThat(mapper.getFactory().streamReadConstraints().getMaxNestingDepth())
                .isGreaterThanOrEqualTo(Limits.INGEST_EVENT_MAX_DEPTH).isEqualTo(IngestJson.MAX_NESTING_DEPTH);
        String deepest = "{\"a\":".repeat(Limits.MAX_METADATA_DEPTH) + "1" + "}".repeat(Limits.MAX_METADATA_DEPTH);
        JsonNode body = mapper.readTree("{\"conversation_id\":\"deep\",\"metadata\":" + deepest + ",\"messages\":[{"
                + "\"role\":\"user\",\"content\":\"hi\",\"timestamp\":\"2025-03-01T10:00:00Z\",\"metadata\":" + deepest + "}]}");
        TrackValidator.Result result = new TrackValidator(mapper).validate(body, "");
        assertThat(result.valid()).isTrue();
        String payload = mapper.writeValueAsString(new IngestEvent(result.request(), UUID.randomUUID(), Instant.now()));
        assertThat(subscriber.decode(new StreamEntry(Streams.INGEST, "0-1", Map.of(Streams.FIELD_PAYLOAD, payload), 1))
                .conversation().messages().get(0).metadata().at("/a/a/a").isObject()).isTrue();
    }

    @Test
    void everyAcceptedBody__isDecodedAndStoredExactly() throws Exception {
        long seed = Long.getLong("sensei.property.seed", 20261201L);
        Random random = new Random(seed);
        TrackValidator validator = new TrackValidator(mapper);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<TrackRequest> accepted = new ArrayList<>();
        int refused = 0;
        String last = null;
        long dlqBefore = redis.stream(String.class).xlen(Streams.DLQ);
        for (int i = 0; i < BODIES; i++) {
            String body = new Generator(random, "p" + run + "-" + i + "-").body();
            JsonNode tree;
            try {
                tree = mapper.readTree(body);
            } catch (Exception e) {
                refused++; // intake answers 400 malformed_json
                continue;
            }
            TrackValidator.Result result = validator.validate(tree, "");
            if (!result.valid()) {
                refused++;
                continue;
            }
            accepted.add(result.request());
            String payload = mapper.writeValueAsString(new IngestEvent(result.request(), UUID.randomUUID(), Instant.now()));
            // decodes here (what the consumer does first)...
            subscriber.decode(new StreamEntry(Streams.INGEST, "0-1", Map.of(Streams.FIELD_PAYLOAD, payload), 1));
            // ...and through the real stream and consumer into PostgreSQL
            last = xadd(redis, payload, null);
        }
        // the generator must exercise both sides, or the property says nothing
        assertThat(accepted.size()).as("accepted of %d (seed %d)", BODIES, seed).isBetween(BODIES / 4, BODIES - 30);
        assertThat(refused).isPositive();

        consumers.startAs(IngestSubscriber.NAME, "property-test");
        String lastId = last;
        waitUntil(WAIT, "sensei:ingest processed", () -> drained(redis, Streams.INGEST, lastId));
        assertThat(redis.stream(String.class).xlen(Streams.DLQ)).as("dead letters (seed %d)", seed).isEqualTo(dlqBefore);

        try (Connection c = PostgresTestResource.connect(ProcessorTestSupport.DB)) {
            for (TrackRequest r : accepted) {
                assertStored(c, r, seed);
            }
        }
    }

    private void assertStored(Connection c, TrackRequest r, long seed) throws Exception {
        String what = "conversation " + r.conversationId() + " (seed " + seed + ")";
        try (PreparedStatement ps = c.prepareStatement("select id, metadata::text, user_id from conversations "
                + "where external_id = ? and environment = ?")) {
            ps.setString(1, r.conversationId());
            ps.setString(2, r.environment());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(what + " stored").isTrue();
                UUID id = (UUID) rs.getObject(1);
                assertThat(sameJson(mapper.readTree(rs.getString(2)),
                        r.metadata() == null ? mapper.createObjectNode() : r.metadata())).as(what + " metadata").isTrue();
                assertThat(rs.getString(3)).as(what + " user_id").isEqualTo(r.userId());
                assertMessages(c, id, r, what);
            }
        }
    }

    private void assertMessages(Connection c, UUID id, TrackRequest r, String what) throws Exception {
        Set<String> expected = new LinkedHashSet<>();
        for (TrackMessage m : r.messages()) {
            expected.add(DedupKeys.of(m));
        }
        try (PreparedStatement ps = c.prepareStatement(
                "select dedup_key, content, metadata::text from messages where conversation_id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                Set<String> stored = new LinkedHashSet<>();
                while (rs.next()) {
                    String key = rs.getString(1);
                    stored.add(key);
                    TrackMessage sent = r.messages().stream().filter(m -> DedupKeys.of(m).equals(key)).findFirst()
                            .orElseThrow();
                    assertThat(rs.getString(2)).as(what + " content").isEqualTo(sent.content());
                    assertThat(sameJson(mapper.readTree(rs.getString(3)),
                            sent.metadata() == null ? mapper.createObjectNode() : sent.metadata()))
                            .as(what + " message metadata").isTrue();
                }
                assertThat(stored).as(what + " messages").isEqualTo(expected);
            }
        }
    }

    /** JSON equality with numbers compared by value (jsonb writes 1e300 as digits, 1.50 as 1.50). */
    private static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText())) == 0
                    || a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!b.has(e.getKey()) || !sameJson(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameJson(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Random request bodies as JSON text (text, so that 1e400 and "\ud800" can be written as a client would). */
    private static final class Generator {
        private static final String[] ROLES = {"user", "assistant", "system", "tool"};
        private static final String[] PIECES = {"hello", "where is my order?", "\u00e9t\u00e9", "\u4f60\u597d",
            "\ud83d\ude00", "\ud834\udd1e", "tab\there", "line\nbreak", "quote\"s", "back\\slash", "\u200b", "\u0627\u0644",
            "card 4242 4242 4242 4242", "mail a.b@example.com", " ", "x"};

        private final Random r;
        private final String idPrefix;

        Generator(Random r, String idPrefix) {
            this.r = r;
            this.idPrefix = idPrefix;
        }

        String body() {
            StringBuilder b = new StringBuilder("{\"conversation_id\":").append(str(idPrefix + text(r.nextInt(4))));
            if (r.nextInt(3) == 0) {
                b.append(",\"environment\":").append(str(r.nextBoolean() ? "staging" : "env-" + r.nextInt(3)));
            }
            if (r.nextInt(2) == 0) {
                b.append(",\"user_id\":").append(r.nextInt(15) == 0 ? "42" : str("u-" + text(2)));
            }
            if (r.nextInt(2) == 0) {
                b.append(",\"metadata\":").append(object(depth()));
            }
            if (r.nextInt(4) == 0) {
                b.append(",\"ended\":").append(r.nextInt(10) == 0 ? "\"true\"" : r.nextBoolean());
            }
            b.append(",\"messages\":[");
            int n = r.nextInt(6);
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? "" : ",").append(message());
            }
            return b.append("]}").toString();
        }

        /** Mostly shallow; sometimes right at, or just past, the limit; rarely absurd. */
        private int depth() {
            int k = r.nextInt(20);
            return k < 14 ? 1 + r.nextInt(4) : k < 17 ? Limits.MAX_METADATA_DEPTH - 1 + r.nextInt(3)
                    : k < 19 ? 5 + r.nextInt(20) : 990 + r.nextInt(20);
        }

        private String message() {
            StringBuilder m = new StringBuilder("{\"role\":").append(str(r.nextInt(25) == 0 ? "robot" : ROLES[r.nextInt(4)]));
            m.append(",\"content\":").append(r.nextInt(30) == 0 ? "5" : str(text(1 + r.nextInt(6))));
            m.append(",\"timestamp\":").append(str(r.nextInt(30) == 0 ? "yesterday"
                    : Instant.parse("2025-03-01T10:00:00Z").plusMillis(r.nextInt(1_000_000)).toString()));
            if (r.nextInt(3) == 0) {
                m.append(",\"id\":").append(str("m" + r.nextInt(5)));
            }
            if (r.nextInt(3) == 0) {
                m.append(",\"metadata\":").append(object(depth()));
            }
            if (r.nextInt(3) == 0) {
                m.append(",\"latency_ms\":").append(r.nextInt(20) == 0 ? "-1" : Integer.toString(r.nextInt(5000)));
            }
            return m.append('}').toString();
        }

        /** An object exactly {@code depth} containers deep (arrays count, as they do for Jackson and the rule). */
        private String object(int depth) {
            if (depth <= 1) {
                return "{" + str(key()) + ":" + scalar() + "," + str(key() + "2") + ":" + scalar() + "}";
            }
            if (depth == 2 || r.nextBoolean()) {
                return "{" + str(key()) + ":" + object(depth - 1) + "}";
            }
            return "{\"l\":[" + scalar() + "," + object(depth - 2) + "]}";
        }

        private String key() {
            return r.nextInt(40) == 0 ? "k\\ud800" : "k" + r.nextInt(100);
        }

        private String scalar() {
            return switch (r.nextInt(12)) {
                case 0 -> Integer.toString(r.nextInt());
                case 1 -> Double.toString(r.nextDouble() * 1e6);
                case 2 -> "1e" + (r.nextInt(10) == 0 ? 400 : r.nextInt(300));
                case 3 -> "123456789012345678901234567890";
                case 4 -> r.nextBoolean() ? "true" : "null";
                case 5 -> "[]";
                case 6 -> r.nextInt(10) == 0 ? "\"a\\u0000b\"" : "\"plain\"";
                case 7 -> r.nextInt(10) == 0 ? "\"lone \\udc00\"" : "\"\\ud83d\\ude00 pair\"";
                case 8 -> "-0.0";
                default -> str(text(1 + r.nextInt(3)));
            };
        }

        private String text(int pieces) {
            StringBuilder t = new StringBuilder();
            for (int i = 0; i < pieces; i++) {
                t.append(PIECES[r.nextInt(PIECES.length)]);
            }
            return t.toString();
        }

        /** A JSON string literal; sometimes with an escaped lone surrogate or NUL, as a client could send. */
        private String str(String s) {
            StringBuilder b = new StringBuilder("\"");
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            int odd = r.nextInt(60);
            if (odd == 0) {
                b.append("\\ud800");
            } else if (odd == 1) {
                b.append("\\u0000");
            }
            return b.append('"').toString();
        }
    }
}
