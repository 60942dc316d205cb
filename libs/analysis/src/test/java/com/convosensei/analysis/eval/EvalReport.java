package com.convosensei.analysis.eval;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.AnalysisResult;
import com.convosensei.analysis.ConversationAnalyzer;
import com.convosensei.analysis.Finding;
import com.convosensei.contracts.failure.FailureType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs every detector over the labelled corpus and reports precision / recall / F1 per failure type.
 * {@code main} prints the table (and the misclassified conversations with {@code --errors});
 * {@link CorpusEvaluationTest} fails the build when a detector drops below {@link #MIN_F1}.
 */
public final class EvalReport {

    public static final double MIN_F1 = 0.9;
    public static final String CORPUS = "/corpus/conversations.jsonl";

    public record Score(FailureType type, int tp, int fp, int fn) {
        public double precision() {
            return tp + fp == 0 ? 1 : (double) tp / (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? 1 : (double) tp / (tp + fn);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    public record Miss(String id, String scenario, Set<String> expected, Set<String> predicted, String note,
                       List<String> explanations) {
    }

    /** {@code holdout}: the same scores on the held-out part only (scenarios "holdout_*", never used for tuning). */
    public record Report(int conversations, List<Score> scores, List<Miss> misses, int holdoutConversations,
                         List<Score> holdout) {
        public String table() {
            return table("Detector evaluation on " + conversations + " labelled conversations", scores)
                    + table("Held-out part only (" + holdoutConversations + " conversations written after tuning)",
                    holdout);
        }

        private static String table(String title, List<Score> scores) {
            StringBuilder b = new StringBuilder();
            b.append(title).append(System.lineSeparator());
            b.append(String.format(Locale.ROOT, "%-20s %5s %5s %5s %9s %7s %6s%n", "type", "tp", "fp", "fn",
                    "precision", "recall", "f1"));
            for (Score s : scores) {
                b.append(String.format(Locale.ROOT, "%-20s %5d %5d %5d %9.3f %7.3f %6.3f%s%n", s.type().wire(), s.tp(),
                        s.fp(), s.fn(), s.precision(), s.recall(), s.f1(), s.f1() < MIN_F1 ? "  < " + MIN_F1 : ""));
            }
            double macro = scores.stream().mapToDouble(Score::f1).average().orElse(0);
            b.append(String.format(Locale.ROOT, "%-20s %41.3f%n", "macro f1", macro));
            return b.toString();
        }

        public String missesText() {
            StringBuilder b = new StringBuilder();
            for (Miss m : misses) {
                b.append(m.id()).append(" [").append(m.scenario()).append("] expected=").append(m.expected())
                        .append(" predicted=").append(m.predicted());
                if (!m.note().isEmpty()) {
                    b.append(" note=").append(m.note());
                }
                b.append('\n');
                m.explanations().forEach(e -> b.append("    ").append(e).append('\n'));
            }
            return b.toString();
        }
    }

    private EvalReport() {
    }

    public static Report run() {
        List<CorpusLoader.Labelled> corpus = CorpusLoader.load(CORPUS);
        Map<FailureType, int[]> counts = new EnumMap<>(FailureType.class);
        Map<FailureType, int[]> held = new EnumMap<>(FailureType.class);
        for (FailureType t : FailureType.values()) {
            counts.put(t, new int[3]);
            held.put(t, new int[3]);
        }
        int heldN = 0;
        List<Miss> misses = new ArrayList<>();
        AnalysisConfig base = AnalysisConfig.defaults();
        for (CorpusLoader.Labelled l : corpus) {
            AnalysisResult r = ConversationAnalyzer.analyze(l.conversation(), base.withNow(l.now()));
            Set<String> predicted = r.findings().stream().map(f -> f.type().wire())
                    .collect(Collectors.toCollection(TreeSet::new));
            boolean holdout = l.scenario().startsWith("holdout");
            heldN += holdout ? 1 : 0;
            for (FailureType t : FailureType.values()) {
                boolean e = l.expected().contains(t.wire());
                boolean p = predicted.contains(t.wire());
                for (int[] c : holdout ? List.of(counts.get(t), held.get(t)) : List.of(counts.get(t))) {
                    if (e && p) {
                        c[0]++;
                    } else if (p) {
                        c[1]++;
                    } else if (e) {
                        c[2]++;
                    }
                }
            }
            if (!predicted.equals(l.expected())) {
                misses.add(new Miss(l.conversation().id(), l.scenario(), l.expected(), predicted, l.note(),
                        r.findings().stream().map(Finding::explanation).toList()));
            }
        }
        List<Score> scores = new ArrayList<>();
        counts.forEach((t, c) -> scores.add(new Score(t, c[0], c[1], c[2])));
        List<Score> heldScores = new ArrayList<>();
        held.forEach((t, c) -> heldScores.add(new Score(t, c[0], c[1], c[2])));
        return new Report(corpus.size(), scores, misses, heldN, heldScores);
    }

    public static void main(String[] args) {
        Report r = run();
        System.out.print(r.table());
        if (List.of(args).contains("--errors")) {
            System.out.print(r.missesText());
        }
        boolean failed = r.scores().stream().anyMatch(s -> s.f1() < MIN_F1);
        System.exit(failed ? 1 : 0);
    }
}
