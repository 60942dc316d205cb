package com.convosensei.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.ingest.FeedbackRequest;
import com.convosensei.contracts.ingest.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SDKs copy the ingestion limits so they can shape batches before sending; this fails when a copy
 * (sdk/typescript/src/limits.ts, sdk/python/src/convosensei/limits.py) drifts from {@link Limits} and
 * {@link FeedbackRequest}, or from what the ingestion API's OpenAPI document says (docs/openapi/ingestion-gateway.json,
 * kept equal to the live service by its OpenApiSnapshotTest). Fix the SDK constant, not this test.
 */
class SdkLimitsDriftTest {

    private static final Path ROOT = Path.of("../..");
    // `export const NAME = 1024 * 1024;` / `NAME = 1024 * 1024`: products of integer literals
    private static final Pattern TS_NUMBER = Pattern.compile("(?m)^export const ([A-Z_]+) = ([0-9_ *]+);");
    private static final Pattern PY_NUMBER = Pattern.compile("(?m)^([A-Z_]+) = ([0-9_ *]+)$");
    private static final Pattern TS_SET = Pattern.compile("(?m)^export const ([A-Z_]+)[^=]*= new Set\\(\\[([^\\]]*)\\]\\);");
    private static final Pattern PY_SET = Pattern.compile("(?m)^([A-Z_]+) = frozenset\\(\\(([^)]*)\\)\\)$");
    private static final Pattern QUOTED = Pattern.compile("['\"]([^'\"]+)['\"]");

    /** SDK constant name → the value the API enforces. */
    private static Map<String, Integer> numbers() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("MAX_BODY_BYTES", Limits.MAX_BODY_BYTES);
        expected.put("MAX_MESSAGE_CONTENT_BYTES", Limits.MAX_MESSAGE_CONTENT_BYTES);
        expected.put("MAX_MESSAGES_PER_ITEM", Limits.MAX_MESSAGES_PER_REQUEST);
        expected.put("MAX_METADATA_BYTES", Limits.MAX_METADATA_BYTES);
        expected.put("MAX_BATCH_CONVERSATIONS", Limits.MAX_BATCH_CONVERSATIONS);
        expected.put("MAX_BATCH_FEEDBACK", Limits.MAX_BATCH_FEEDBACK);
        expected.put("MAX_CONVERSATION_ID_LENGTH", Limits.MAX_CONVERSATION_ID_LENGTH);
        expected.put("MAX_ENVIRONMENT_LENGTH", Limits.MAX_ENVIRONMENT_LENGTH);
        expected.put("MAX_USER_ID_LENGTH", Limits.MAX_USER_ID_LENGTH);
        expected.put("MAX_MESSAGE_ID_LENGTH", Limits.MAX_MESSAGE_ID_LENGTH);
        expected.put("MAX_FEEDBACK_COMMENT_LENGTH", FeedbackRequest.MAX_COMMENT_LENGTH);
        expected.put("MAX_COMMENT_LENGTH", FeedbackRequest.MAX_COMMENT_LENGTH);
        return expected;
    }

    @Test
    void typescriptSdkLimits__matchTheApi() throws IOException {
        String ts = Files.readString(ROOT.resolve("sdk/typescript/src/limits.ts"));
        assertMatches("sdk/typescript/src/limits.ts", products(TS_NUMBER, ts), sets(TS_SET, ts), 10);
    }

    @Test
    void pythonSdkLimits__matchTheApi() throws IOException {
        String py = Files.readString(ROOT.resolve("sdk/python/src/convosensei/limits.py"));
        assertMatches("sdk/python/src/convosensei/limits.py", products(PY_NUMBER, py), sets(PY_SET, py), 11);
    }

    /** SDK constant name → where the ingestion API's OpenAPI document states the same limit. */
    private static Map<String, String> openApiPointers() {
        String track = "/components/schemas/TrackRequest/properties/";
        String message = "/components/schemas/TrackMessage/properties/";
        String feedback = "/components/schemas/FeedbackRequest/properties/";
        String body = "/requestBody/content/application~1json/schema/properties/";
        Map<String, String> at = new LinkedHashMap<>();
        at.put("MAX_CONVERSATION_ID_LENGTH", track + "conversation_id/maxLength");
        at.put("MAX_ENVIRONMENT_LENGTH", track + "environment/maxLength");
        at.put("MAX_USER_ID_LENGTH", track + "user_id/maxLength");
        at.put("MAX_MESSAGES_PER_ITEM", track + "messages/maxItems");
        at.put("MAX_MESSAGE_ID_LENGTH", message + "id/maxLength");
        at.put("MAX_FEEDBACK_COMMENT_LENGTH", feedback + "comment/maxLength");
        at.put("MAX_COMMENT_LENGTH", feedback + "comment/maxLength");
        at.put("MAX_BATCH_CONVERSATIONS", "/paths/~1api~1v1~1conversations~1track~1batch/post" + body
                + "conversations/maxItems");
        at.put("MAX_BATCH_FEEDBACK", "/paths/~1api~1v1~1feedback~1batch/post" + body + "feedback/maxItems");
        return at;
    }

    @Test
    void openApiDocument__statesTheApiLimits() throws IOException {
        JsonNode doc = new ObjectMapper().readTree(ROOT.resolve("docs/openapi/ingestion-gateway.json").toFile());
        Map<String, Integer> expected = numbers();
        openApiPointers().forEach((name, pointer) -> assertThat(doc.at(pointer).isInt())
                .as("docs/openapi/ingestion-gateway.json states " + name + " at " + pointer).isTrue());
        openApiPointers().forEach((name, pointer) -> assertThat(doc.at(pointer).asInt())
                .as("docs/openapi/ingestion-gateway.json " + pointer).isEqualTo(expected.get(name)));
        assertThat(strings(doc.at("/components/schemas/TrackMessage/properties/role/enum")))
                .as("OpenAPI TrackMessage.role enum").isEqualTo(new TreeSet<>(Role.ALL));
        assertThat(strings(doc.at("/components/schemas/FeedbackRequest/properties/kind/enum")))
                .as("OpenAPI FeedbackRequest.kind enum")
                .isEqualTo(new TreeSet<>(Set.of(FeedbackRequest.KIND_THUMBS, FeedbackRequest.KIND_RATING)));
    }

    @Test
    void bothSdks__matchTheOpenApiDocument() throws IOException {
        JsonNode doc = new ObjectMapper().readTree(ROOT.resolve("docs/openapi/ingestion-gateway.json").toFile());
        String ts = Files.readString(ROOT.resolve("sdk/typescript/src/limits.ts"));
        String py = Files.readString(ROOT.resolve("sdk/python/src/convosensei/limits.py"));
        for (Map.Entry<String, Map<String, Integer>> sdk : Map.of("sdk/typescript/src/limits.ts", products(TS_NUMBER, ts),
                "sdk/python/src/convosensei/limits.py", products(PY_NUMBER, py)).entrySet()) {
            openApiPointers().forEach((name, pointer) -> {
                if (sdk.getValue().containsKey(name)) {
                    assertThat(sdk.getValue().get(name)).as(sdk.getKey() + " " + name + " vs OpenAPI " + pointer)
                            .isEqualTo(doc.at(pointer).asInt());
                }
            });
            // the SDK must hold most of them (a rename would silently skip the check)
            assertThat(openApiPointers().keySet().stream().filter(sdk.getValue()::containsKey).count())
                    .as(sdk.getKey() + ": limits also stated by the OpenAPI document").isGreaterThanOrEqualTo(7);
        }
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void assertMatches(String file, Map<String, Integer> numbers, Map<String, Set<String>> sets,
                                      int atLeast) {
        Map<String, Integer> expected = numbers();
        Map<String, Integer> checked = new LinkedHashMap<>(numbers);
        checked.keySet().retainAll(expected.keySet());
        // a renamed constant would silently leave the check: the known ones must all be found
        assertThat(checked).as(file + ": limits recognised").hasSizeGreaterThanOrEqualTo(atLeast);
        checked.forEach((name, value) -> assertThat(value).as(file + " " + name).isEqualTo(expected.get(name)));
        assertThat(sets.get("ROLES")).as(file + " ROLES").isEqualTo(new TreeSet<>(Role.ALL));
        assertThat(sets.get("FEEDBACK_KINDS")).as(file + " FEEDBACK_KINDS")
                .isEqualTo(new TreeSet<>(Set.of(FeedbackRequest.KIND_THUMBS, FeedbackRequest.KIND_RATING)));
    }

    private static Map<String, Integer> products(Pattern pattern, String source) {
        Map<String, Integer> values = new LinkedHashMap<>();
        Matcher m = pattern.matcher(source);
        while (m.find()) {
            int product = 1;
            for (String factor : m.group(2).split("\\*")) {
                product *= Integer.parseInt(factor.strip().replace("_", ""));
            }
            values.put(m.group(1), product);
        }
        return values;
    }

    private static Map<String, Set<String>> sets(Pattern pattern, String source) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        Matcher m = pattern.matcher(source);
        while (m.find()) {
            Set<String> members = new TreeSet<>();
            Matcher q = QUOTED.matcher(m.group(2));
            while (q.find()) {
                members.add(q.group(1));
            }
            values.put(m.group(1), members);
        }
        return values;
    }
}
