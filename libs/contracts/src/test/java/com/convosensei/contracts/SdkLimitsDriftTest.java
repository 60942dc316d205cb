package com.convosensei.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.ingest.FeedbackRequest;
import com.convosensei.contracts.ingest.Role;
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
 * {@link FeedbackRequest}. Fix the SDK constant, not this test.
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
