package com.convosensei.analysis.eval;

import com.convosensei.analysis.model.Conversation;
import com.convosensei.analysis.model.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The real labelled dev sets in {@code libs/analysis/eval/data} (see SOURCES.md there), and the one split every
 * trainer and report uses: a third of each set is our own holdout that nothing is tuned on. Presidio is split by
 * template so that the same sentence template never lands on both sides.
 */
public final class RealData {

    public static final List<String> DATASETS = List.of("goemotions", "xstest", "deepset-prompt-injections", "sgd",
            "dbdc3", "presidio-synth", "betold", "bitext");

    /** One record: {@code positive}/{@code negative} are Sensei types; a type in neither is unlabelled. */
    public record Record(String dataset, String id, Conversation conversation, JsonNode labels, Set<String> positive,
                         Set<String> negative, Set<String> positiveAnyOf, String health, boolean holdout) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private RealData() {
    }

    /** The module's eval/data folder, whether Maven runs from the module or from the repository root. */
    public static Path dataDir() {
        for (String candidate : List.of("eval/data", "libs/analysis/eval/data")) {
            Path p = Path.of(candidate);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("eval/data not found from " + Path.of("").toAbsolutePath());
    }

    public static List<Record> all() {
        List<Record> out = new ArrayList<>();
        for (String d : DATASETS) {
            out.addAll(load(d));
        }
        return out;
    }

    public static List<Record> load(String dataset) {
        List<Record> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(dataDir().resolve(dataset + ".jsonl"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(parse(dataset, JSON.readTree(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static Record parse(String dataset, JsonNode n) {
        String id = n.path("id").asText();
        List<Message> messages = new ArrayList<>();
        int i = 0;
        for (JsonNode m : n.path("messages")) {
            Instant ts = m.path("timestamp").isTextual() ? Instant.parse(m.path("timestamp").asText()) : null;
            messages.add(new Message(id + "#" + i, i, m.path("role").asText(), m.path("content").asText(""), ts, null,
                    Map.of()));
            i++;
        }
        JsonNode labels = n.path("labels");
        JsonNode sensei = labels.path("sensei");
        Conversation c = new Conversation(id, true, null, messages, Map.of());
        String holdoutKey = dataset.equals("presidio-synth") ? "template-" + labels.path("template_id").asText() : id;
        return new Record(dataset, id, c, labels, set(sensei.path("positive")), set(sensei.path("negative")),
                set(sensei.path("positive_any_of")), sensei.path("health").isTextual() ? sensei.path("health").asText() : null,
                isHoldout(holdoutKey));
    }

    /** Deterministic: the same key is always on the same side. */
    public static boolean isHoldout(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % 3 == 0;
    }

    private static Set<String> set(JsonNode arr) {
        Set<String> s = new HashSet<>();
        arr.forEach(x -> s.add(x.asText()));
        return s;
    }
}
