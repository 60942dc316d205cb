package com.convosensei.platform.testing;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The service's live OpenAPI document ({@code /q/openapi?format=json}) must equal its committed snapshot
 * {@code docs/openapi/<service>.json}: the dashboard's types (services/dashboard-web/src/api/schema.gen.ts) are
 * generated from the snapshots, so this is the first link of service → JSON → TypeScript. Keys are sorted and the
 * text pretty-printed (two spaces, LF, final newline) so the snapshot is stable and diffs read well.
 * {@code -Dsensei.openapi.update=true} (what {@code make openapi} passes) rewrites the snapshot instead.
 */
public final class OpenApiSnapshot {

    public static final String UPDATE_PROPERTY = "sensei.openapi.update";
    private static final int MAX_LISTED = 25;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private OpenApiSnapshot() {
    }

    /** Fetches the running test instance's document and compares it with (or, updating, writes) the snapshot. */
    public static void assertLiveMatchesSnapshot(String service) throws IOException {
        String live = RestAssured.given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        Path snapshot = Path.of("../..").resolve("docs/openapi/" + service + ".json").normalize();
        String canonical = canonical(live);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(snapshot.getParent());
            Files.writeString(snapshot, canonical);
            return;
        }
        String committed = Files.exists(snapshot) ? Files.readString(snapshot) : "";
        if (!committed.equals(canonical)) {
            List<String> diffs = committed.isEmpty() ? List.of("(no snapshot committed yet)")
                    : differences(MAPPER.readTree(committed), MAPPER.readTree(canonical));
            fail(service + "'s OpenAPI document differs from " + snapshot + " (" + diffs.size() + " difference(s)):\n  "
                    + String.join("\n  ", diffs.subList(0, Math.min(MAX_LISTED, diffs.size())))
                    + (diffs.size() > MAX_LISTED ? "\n  ..." : "")
                    + "\nIf the change is intended, regenerate the snapshots and the dashboard's types: make openapi");
        }
    }

    /** Sorted keys, two-space indentation, LF line ends, one final newline. */
    public static String canonical(String json) throws IOException {
        Object tree = MAPPER.readValue(json, Object.class);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        return MAPPER.writer(printer).writeValueAsString(sortKeys(tree)) + "\n";
    }

    @SuppressWarnings("unchecked")
    private static Object sortKeys(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new java.util.TreeMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> sorted.put(k, sortKeys(v)));
            return sorted;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(sortKeys(v)));
            return out;
        }
        return node;
    }

    /** JSON pointers where the snapshot (was) and the live document (now) disagree. */
    static List<String> differences(JsonNode was, JsonNode now) {
        List<String> out = new ArrayList<>();
        diff("", was, now, out);
        return out;
    }

    private static void diff(String at, JsonNode was, JsonNode now, List<String> out) {
        if (was.isObject() && now.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            was.fieldNames().forEachRemaining(keys::add);
            now.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                String p = at + "/" + k.replace("~", "~0").replace("/", "~1");
                if (!was.has(k)) {
                    out.add("added   " + p);
                } else if (!now.has(k)) {
                    out.add("removed " + p);
                } else {
                    diff(p, was.get(k), now.get(k), out);
                }
            }
        } else if (was.isArray() && now.isArray() && was.size() == now.size()) {
            Iterator<JsonNode> a = was.elements();
            Iterator<JsonNode> b = now.elements();
            for (int i = 0; a.hasNext(); i++) {
                diff(at + "/" + i, a.next(), b.next(), out);
            }
        } else if (!was.equals(now)) {
            out.add("changed " + at + ": " + abbreviate(was) + " -> " + abbreviate(now));
        }
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
