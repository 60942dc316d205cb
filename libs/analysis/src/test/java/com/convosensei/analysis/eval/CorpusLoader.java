package com.convosensei.analysis.eval;

import com.convosensei.analysis.model.Conversation;
import com.convosensei.analysis.model.Message;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads the labelled corpus (JSONL, see corpus-tools/generate_corpus.py) from the test classpath. */
public final class CorpusLoader {

    /** One labelled conversation; {@code now} is the evaluation clock for the inactivity rule. */
    public record Labelled(Conversation conversation, Instant now, Set<String> expected, String scenario,
                           String note) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private CorpusLoader() {
    }

    public static List<Labelled> load(String resource) {
        List<Labelled> out = new ArrayList<>();
        try (InputStream in = CorpusLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("corpus not found: " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(parse(JSON.readTree(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static Labelled parse(JsonNode n) {
        List<Message> messages = new ArrayList<>();
        int i = 0;
        for (JsonNode m : n.path("messages")) {
            messages.add(new Message(m.path("id").asText(), i++, m.path("role").asText(),
                    m.path("content").asText(""), instant(m.path("timestamp")),
                    m.path("latency_ms").isNumber() ? m.path("latency_ms").asInt() : null,
                    JSON.convertValue(m.path("metadata"), MAP)));
        }
        Conversation c = new Conversation(n.path("id").asText(), n.path("ended").asBoolean(),
                instant(n.path("last_activity_at")), messages, JSON.convertValue(n.path("metadata"), MAP));
        Set<String> expected = new TreeSet<>();
        n.path("expected").forEach(e -> expected.add(e.asText()));
        return new Labelled(c, instant(n.path("now")), expected, n.path("scenario").asText(), n.path("note").asText(""));
    }

    private static Instant instant(JsonNode n) {
        return n.isTextual() ? Instant.parse(n.asText()) : null;
    }
}
