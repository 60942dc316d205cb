package com.convosensei.analysis.learned;

import com.convosensei.analysis.model.Message;
import com.convosensei.analysis.sentiment.SentimentAnalyzer;
import com.convosensei.analysis.text.Text;
import com.convosensei.contracts.failure.FailureType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The learned layer: the static embedder, the logistic heads fitted by {@code make train} ({@code heads.json}) and
 * the per-type calibrations that merge a head with its rule. Thread-safe; one shared instance per process. Message
 * signals are kept in a bounded LRU cache keyed by role and text, so re-scoring a growing conversation only embeds
 * its new messages.
 */
public final class LearnedModel {

    public static final String RESOURCE = "heads.json";
    private static final int CACHE_ENTRIES = 20_000;
    private static volatile LearnedModel shared;

    private final StaticEmbedder embedder;
    private final Map<String, LinearHead> heads;
    private final Map<FailureType, Calibration> calibrations;
    private final String version;
    private final Map<String, MessageSignals> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, MessageSignals> eldest) {
                    return size() > CACHE_ENTRIES;
                }
            });

    LearnedModel(StaticEmbedder embedder, JsonNode root) {
        this.embedder = embedder;
        this.version = root.path("model").asText();
        Map<String, LinearHead> hs = new HashMap<>();
        root.path("heads").fields().forEachRemaining(e -> {
            JsonNode h = e.getValue();
            float[] w = new float[h.path("weights").size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) h.path("weights").get(i).asDouble();
            }
            hs.put(e.getKey(), new LinearHead(e.getKey(), h.path("features").asText(), w, h.path("bias").asDouble()));
        });
        this.heads = Map.copyOf(hs);
        Map<FailureType, Calibration> cs = new EnumMap<>(FailureType.class);
        root.path("calibrations").fields().forEachRemaining(e -> {
            JsonNode c = e.getValue();
            cs.put(FailureType.fromWire(e.getKey()).orElseThrow(), new Calibration(c.path("model_weight").asDouble(),
                    c.path("rule_weight").asDouble(), c.path("bias").asDouble(), c.path("threshold").asDouble(),
                    c.path("uncertain_low").asDouble()));
        });
        this.calibrations = Collections.unmodifiableMap(cs);
    }

    public static LearnedModel shared() {
        LearnedModel m = shared;
        if (m == null) {
            synchronized (LearnedModel.class) {
                m = shared;
                if (m == null) {
                    m = new LearnedModel(StaticEmbedder.shared(), readHeads());
                    shared = m;
                }
            }
        }
        return m;
    }

    static JsonNode readHeads() {
        try (InputStream in = LearnedModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the classpath: run `make train`");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String version() {
        return version;
    }

    public StaticEmbedder embedder() {
        return embedder;
    }

    public Calibration calibration(FailureType type) {
        return calibrations.get(type);
    }

    public MessageSignals signals(Message m) {
        String key = m.role() + '\u0000' + m.content();
        MessageSignals s = cache.get(key);
        if (s == null) {
            s = compute(m);
            cache.put(key, s);
        }
        return s;
    }

    /** Signals without the cache (benchmarks measure the real per-message cost with it). */
    public MessageSignals compute(Message m) {
        String text = m.content();
        int[] tokens = embedder.tokenizer().encode(text, StaticEmbedder.MAX_TOKENS);
        float[][] both = embedder.embedTokens(tokens);
        boolean english = Language.isEnglish(Text.words(Text.normalize(text)));
        double lexicon = SentimentAnalyzer.shared().score(text);
        double sentiment;
        if (english && heads.containsKey("sentiment_positive")) {
            float[] x = Features.messageWithLexicon(both, lexicon);
            sentiment = heads.get("sentiment_positive").probability(x) - heads.get("sentiment_negative").probability(x);
        } else {
            sentiment = lexicon; // the lexicon is English too, but scores only words it knows
        }
        double nan = Double.NaN;
        float[] x = english ? Features.message(both) : null;
        boolean assistant = m.isAssistant();
        boolean user = m.isUser();
        return new MessageSignals(both[0], tokens.length, english, sentiment,
                assistant ? head("agent_refusal", x) : nan,
                assistant || m.isTool() ? head("error_response", x) : nan,
                user || m.isTool() ? head("prompt_injection", x) : nan,
                user ? head("escalation_request", x) : nan);
    }

    private double head(String name, float[] x) {
        LinearHead h = heads.get(name);
        return h == null || x == null ? Double.NaN : h.probability(x);
    }

    /** How likely annotators would call {@code reply} a breakdown of the conversation after {@code context}. */
    public double breakdown(MessageSignals reply, MessageSignals context) {
        LinearHead h = heads.get("breakdown");
        if (h == null || !reply.english()) {
            return Double.NaN;
        }
        float[] ctx = context == null ? new float[reply.embedding().length] : context.embedding();
        return h.probability(Features.replyInContext(reply.embedding(), ctx));
    }
}
