package com.convosensei.analysis.eval;

import com.convosensei.analysis.cluster.ClusterInput;
import com.convosensei.analysis.cluster.ClusteringConfig;
import com.convosensei.analysis.cluster.PatternAnalyzer;
import com.convosensei.analysis.cluster.PatternCluster;
import com.convosensei.analysis.cluster.PatternResult;
import com.convosensei.analysis.embedding.HashingTextEmbedder;
import com.convosensei.analysis.embedding.TextEmbedder;
import com.convosensei.analysis.learned.StaticEmbedder;
import com.convosensei.analysis.model.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * `make eval`: usage patterns measured against Bitext's intent labels. The dev records are clustered the way a
 * pattern run does (the user's text, {@link PatternAnalyzer} with the default k selection), once per embedder and
 * separately on the tuning part and the holdout third; NMI (arithmetic normalisation, as scikit-learn) and purity
 * say how well the patterns recover the intents.
 */
public final class PatternEvaluation {

    /** As the processor's ConversationText: user messages, each cut to 1,000 characters, joined by newlines. */
    static final int MAX_MESSAGE_CHARS = 1000;
    /** As the processor's sensei.patterns.max-text-chars default. */
    static final int MAX_TEXT_CHARS = 2000;

    /** One clustering measured: k found, NMI, purity, and how long embedding plus clustering took. */
    public record Score(String embedder, String part, int n, int intents, int k, double nmi, double purity,
                        long millis, PatternResult result) {
    }

    private PatternEvaluation() {
    }

    public static String run() {
        List<RealData.Record> bitext = RealData.load("bitext");
        StringBuilder out = new StringBuilder("## Usage patterns vs Bitext intents\n\n")
                .append("| embedder | part | n | intents | k | NMI | purity | ms |\n|---|---|---|---|---|---|---|---|\n");
        List<Score> scores = new ArrayList<>();
        for (boolean holdout : new boolean[] {false, true}) {
            List<RealData.Record> part = bitext.stream().filter(r -> r.holdout() == holdout).toList();
            String name = holdout ? "holdout" : "train";
            scores.add(score("static-minilm", name, part, texts -> StaticEmbedder.shared()));
            scores.add(score("hashing-tfidf", name, part, texts -> new HashingTextEmbedder().fit(texts)));
        }
        for (Score s : scores) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %.3f | %.3f | %d |%n", s.embedder(),
                    s.part(), s.n(), s.intents(), s.k(), s.nmi(), s.purity(), s.millis()));
        }
        Score example = scores.get(0);
        out.append("\nPatterns (").append(example.embedder()).append(", ").append(example.part())
                .append("): label, size, majority intent\n\n");
        Map<String, String> intentOf = bitext.stream().collect(Collectors.toMap(RealData.Record::id, PatternEvaluation::intent));
        for (PatternCluster c : example.result().clusters()) {
            Map<String, Integer> counts = new HashMap<>();
            c.memberIds().forEach(id -> counts.merge(intentOf.get(id), 1, Integer::sum));
            Map.Entry<String, Integer> top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
            out.append(String.format(Locale.ROOT, "- %s (%d): %s %d%%%n", c.label(), c.size(), top.getKey(),
                    Math.round(100.0 * top.getValue() / c.size())));
        }
        return out.toString();
    }

    static Score score(String embedderName, String part, List<RealData.Record> records,
                       Function<List<String>, TextEmbedder> embedderFor) {
        List<ClusterInput> inputs = records.stream()
                .map(r -> new ClusterInput(r.id(), userText(r.conversation().messages()), null, null)).toList();
        long t0 = System.nanoTime();
        TextEmbedder embedder = embedderFor.apply(inputs.stream().map(ClusterInput::text).toList());
        PatternResult result = PatternAnalyzer.analyze(inputs, embedder, ClusteringConfig.defaults());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Integer> clusterOf = new HashMap<>();
        for (PatternCluster c : result.clusters()) {
            c.memberIds().forEach(id -> clusterOf.put(id, c.index()));
        }
        List<String> truth = records.stream().map(PatternEvaluation::intent).toList();
        List<Integer> predicted = records.stream().map(r -> clusterOf.get(r.id())).toList();
        return new Score(embedderName, part, records.size(), (int) truth.stream().distinct().count(),
                result.clusters().size(), nmi(truth, predicted), purity(truth, predicted), millis, result);
    }

    static String intent(RealData.Record r) {
        return r.labels().path("intent").asText();
    }

    /** The text a pattern run clusters a conversation by (the user's messages; all messages if the user said nothing). */
    static String userText(List<Message> messages) {
        List<Message> user = messages.stream().filter(m -> "user".equals(m.role())).toList();
        String joined = (user.isEmpty() ? messages : user).stream()
                .map(m -> m.content().length() > MAX_MESSAGE_CHARS ? m.content().substring(0, MAX_MESSAGE_CHARS) : m.content())
                .collect(Collectors.joining("\n"));
        return joined.length() > MAX_TEXT_CHARS ? joined.substring(0, MAX_TEXT_CHARS) : joined;
    }

    /** Normalised mutual information, I(T; P) / mean(H(T), H(P)); 1 when one of them is constant and both are. */
    static <T, P> double nmi(List<T> truth, List<P> predicted) {
        int n = truth.size();
        Map<T, Integer> t = new HashMap<>();
        Map<P, Integer> p = new HashMap<>();
        Map<List<Object>, Integer> joint = new HashMap<>();
        for (int i = 0; i < n; i++) {
            t.merge(truth.get(i), 1, Integer::sum);
            p.merge(predicted.get(i), 1, Integer::sum);
            joint.merge(List.of(truth.get(i), predicted.get(i)), 1, Integer::sum);
        }
        double ht = entropy(t.values(), n);
        double hp = entropy(p.values(), n);
        double mi = 0;
        for (Map.Entry<List<Object>, Integer> e : joint.entrySet()) {
            @SuppressWarnings("unchecked")
            double pt = t.get((T) e.getKey().get(0)) / (double) n;
            @SuppressWarnings("unchecked")
            double pp = p.get((P) e.getKey().get(1)) / (double) n;
            double pj = e.getValue() / (double) n;
            mi += pj * Math.log(pj / (pt * pp));
        }
        double mean = (ht + hp) / 2;
        return mean == 0 ? 1 : mi / mean;
    }

    /** Share of records whose cluster's majority label is their own label. */
    static <T, P> double purity(List<T> truth, List<P> predicted) {
        Map<P, Map<T, Integer>> byCluster = new HashMap<>();
        for (int i = 0; i < truth.size(); i++) {
            byCluster.computeIfAbsent(predicted.get(i), k -> new HashMap<>()).merge(truth.get(i), 1, Integer::sum);
        }
        int majority = byCluster.values().stream()
                .mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).max().orElse(0)).sum();
        return truth.isEmpty() ? 0 : (double) majority / truth.size();
    }

    private static double entropy(Iterable<Integer> counts, int n) {
        double h = 0;
        for (int c : counts) {
            double q = (double) c / n;
            h -= q * Math.log(q);
        }
        return h;
    }
}
