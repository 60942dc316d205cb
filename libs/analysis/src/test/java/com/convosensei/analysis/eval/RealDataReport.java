package com.convosensei.analysis.eval;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.AnalysisResult;
import com.convosensei.analysis.ConversationAnalyzer;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.learned.Language;
import com.convosensei.analysis.text.Text;
import com.convosensei.contracts.failure.FailureType;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * `make eval` on the real dev sets: per dataset and type P / R / F1 on the labelled records and the false-alarm
 * rate on the negatives; how often each detector fires on dialogues that went well; health AUC; message
 * sentiment AUC. Every figure is given for the part trainers tuned on and for our holdout third.
 */
public final class RealDataReport {

    /** Counts for one (dataset, type). */
    public static final class Counts {
        public int tp;
        public int fp;
        public int fn;
        public int tn;

        public double precision() {
            return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        public double falseAlarmRate() {
            return fp + tn == 0 ? 0 : (double) fp / (fp + tn);
        }

        void add(boolean expected, boolean predicted) {
            if (expected && predicted) {
                tp++;
            } else if (expected) {
                fn++;
            } else if (predicted) {
                fp++;
            } else {
                tn++;
            }
        }
    }

    /** The figures of one part (train or holdout). */
    public record Part(String name, Map<String, Counts> detection, Map<String, double[]> goodDialogueFires,
                       Map<String, Double> healthAuc, double sentimentAuc, int records) {

        public Counts counts(String dataset, String type) {
            return detection.get(dataset + " " + type);
        }
    }

    /** The "good" dialogue sets: completed tasks (SGD without a failure notice) and chat rated high (DBDC3). */
    static final Map<String, Predicate<RealData.Record>> GOOD = new LinkedHashMap<>();

    static {
        GOOD.put("sgd-success", r -> r.dataset().equals("sgd") && r.negative().contains("error_response"));
        GOOD.put("dbdc3-high", r -> r.dataset().equals("dbdc3") && "high".equals(r.health()));
    }

    private RealDataReport() {
    }

    public static Map<String, AnalysisResult> analyzeAll(List<RealData.Record> records) {
        AnalysisConfig config = AnalysisConfig.defaults();
        Map<String, AnalysisResult> out = new HashMap<>();
        for (RealData.Record r : records) {
            out.put(r.id(), ConversationAnalyzer.analyze(r.conversation(), config));
        }
        return out;
    }

    public static Part part(String name, List<RealData.Record> records, Map<String, AnalysisResult> results) {
        Map<String, Counts> detection = new TreeMap<>();
        Map<String, double[]> good = new TreeMap<>();
        Map<String, List<double[]>> healthPairs = new TreeMap<>();
        List<double[]> sentimentPairs = new ArrayList<>();
        for (RealData.Record r : records) {
            AnalysisResult res = results.get(r.id());
            Set<String> fired = res.findings().stream().map(f -> f.type().wire()).collect(Collectors.toSet());
            for (String t : r.positive()) {
                detection.computeIfAbsent(r.dataset() + " " + t, k -> new Counts()).add(true, fired.contains(t));
            }
            for (String t : r.negative()) {
                detection.computeIfAbsent(r.dataset() + " " + t, k -> new Counts()).add(false, fired.contains(t));
            }
            if (!r.positiveAnyOf().isEmpty()) {
                boolean any = r.positiveAnyOf().stream().anyMatch(fired::contains);
                detection.computeIfAbsent(r.dataset() + " " + String.join("|", new java.util.TreeSet<>(r.positiveAnyOf())),
                        k -> new Counts()).add(true, any);
            }
            for (Map.Entry<String, Predicate<RealData.Record>> g : GOOD.entrySet()) {
                if (g.getValue().test(r)) {
                    for (FailureType t : FailureType.values()) {
                        double[] c = good.computeIfAbsent(g.getKey() + " " + t.wire(), k -> new double[2]);
                        c[0] += fired.contains(t.wire()) ? 1 : 0;
                        c[1]++;
                    }
                }
            }
            if (r.health() != null) {
                healthPairs.computeIfAbsent(r.dataset(), k -> new ArrayList<>())
                        .add(new double[]{res.health().score(), "high".equals(r.health()) ? 1 : 0});
            }
            for (JsonNode s : r.labels().path("message_sentiment")) {
                String label = s.path("sentiment").asText();
                if (label.equals("positive") || label.equals("negative")) {
                    sentimentPairs.add(new double[]{res.sentimentPerMessage().get(s.path("msg").asInt()),
                            label.equals("positive") ? 1 : 0});
                }
            }
        }
        Map<String, Double> healthAuc = new TreeMap<>();
        healthPairs.forEach((k, v) -> healthAuc.put(k, auc(v)));
        return new Part(name, detection, good, healthAuc, sentimentPairs.isEmpty() ? Double.NaN : auc(sentimentPairs),
                records.size());
    }

    /** Area under the ROC curve: the chance a random positive scores above a random negative (ties count half). */
    public static double auc(List<double[]> scoreLabel) {
        List<double[]> xs = new ArrayList<>(scoreLabel);
        xs.sort((a, b) -> Double.compare(a[0], b[0]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < xs.size()) {
            int j = i;
            while (j < xs.size() && xs.get(j)[0] == xs.get(i)[0]) {
                j++;
            }
            double avgRank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                if (xs.get(k)[1] > 0.5) {
                    rankSumPos += avgRank;
                    pos++;
                }
            }
            i = j;
        }
        long neg = xs.size() - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / (pos * neg);
    }

    public static String table(Part train, Part holdout) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Real dev data: %d records tuned on (train), %d held out (holdout)%n%n",
                train.records(), holdout.records()));
        b.append("| dataset | type | train P / R / F1 | holdout P / R / F1 | holdout false alarms on negatives |\n");
        b.append("| --- | --- | --- | --- | --- |\n");
        for (String key : holdout.detection().keySet()) {
            Counts h = holdout.detection().get(key);
            Counts t = train.detection().getOrDefault(key, new Counts());
            String[] dt = key.split(" ", 2);
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", dt[0], dt[1], prf(t), prf(h),
                    h.fp + h.tn == 0 ? "–" : String.format(Locale.ROOT, "%.1f %% (%d of %d)", 100 * h.falseAlarmRate(),
                            h.fp, h.fp + h.tn)));
        }
        b.append("\nDetectors firing on dialogues that went well (holdout; train in brackets):\n\n");
        b.append("| set | type | holdout | train |\n| --- | --- | --- | --- |\n");
        for (String key : holdout.goodDialogueFires().keySet()) {
            double[] h = holdout.goodDialogueFires().get(key);
            double[] t = train.goodDialogueFires().getOrDefault(key, new double[]{0, 0});
            if (h[0] + t[0] == 0) {
                continue;
            }
            String[] st = key.split(" ", 2);
            b.append(String.format(Locale.ROOT, "| %s | %s | %.1f %% (%d of %d) | %.1f %% |%n", st[0], st[1],
                    100 * h[0] / h[1], (int) h[0], (int) h[1], t[1] == 0 ? 0 : 100 * t[0] / t[1]));
        }
        b.append("\n| figure | train | holdout |\n| --- | --- | --- |\n");
        for (String d : holdout.healthAuc().keySet()) {
            b.append(String.format(Locale.ROOT, "| health AUC, %s high vs low | %.3f | %.3f |%n", d,
                    train.healthAuc().getOrDefault(d, Double.NaN), holdout.healthAuc().get(d)));
        }
        b.append(String.format(Locale.ROOT, "| message sentiment AUC, goemotions positive vs negative | %.3f | %.3f |%n",
                train.sentimentAuc(), holdout.sentimentAuc()));
        return b.toString();
    }

    private static String prf(Counts c) {
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", c.precision(), c.recall(), c.f1());
    }

    /** Runs everything and returns the printed table. */
    public static String run() {
        List<RealData.Record> all = RealData.all();
        Map<String, AnalysisResult> results = analyzeAll(all);
        Part train = part("train", all.stream().filter(r -> !r.holdout()).toList(), results);
        Part holdout = part("holdout", all.stream().filter(RealData.Record::holdout).toList(), results);
        return table(train, holdout) + nonEnglish(all, results);
    }

    /** The records whose user messages are not English (the model is English-only): how detectors behave there. */
    static String nonEnglish(List<RealData.Record> all, Map<String, AnalysisResult> results) {
        List<RealData.Record> foreign = all.stream().filter(r -> !r.dataset().equals("betold")) // no text there
                .filter(r -> r.conversation().messages().stream()
                .filter(m -> m.isUser()).anyMatch(m -> !Language.isEnglish(
                        Text.words(Text.normalize(m.content()))))).toList();
        Part p = part("non-English", foreign, results);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%nNon-English dev records (both parts, %d): findings on labelled records%n%n", foreign.size()));
        b.append("| dataset | type | P / R / F1 | false alarms on negatives |\n| --- | --- | --- | --- |\n");
        p.detection().forEach((key, c) -> {
            String[] dt = key.split(" ", 2);
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %d of %d |%n", dt[0], dt[1], prf(c), c.fp,
                    c.fp + c.tn));
        });
        return b.toString();
    }

    /** For debugging false alarms: train records of a dataset where {@code type} fires, with its evidence. */
    public static List<String> fires(String dataset, String type, int limit) {
        List<String> out = new ArrayList<>();
        for (RealData.Record r : RealData.load(dataset)) {
            if (r.holdout() || out.size() >= limit) {
                continue;
            }
            AnalysisResult res = ConversationAnalyzer.analyze(r.conversation(), AnalysisConfig.defaults());
            res.findings().stream().filter(x -> x.type().wire().equals(type)).findFirst().ifPresent(f -> out.add(
                    r.id() + " [" + r.health() + "] " + f.explanation() + " :: " + f.evidence().stream()
                            .map(e -> e.excerpt()).collect(Collectors.joining(" | "))));
        }
        return out;
    }

    /** For debugging a detector: the records of a dataset where {@code type} was expected or fired wrongly. */
    public static List<String> errors(String dataset, String type, boolean holdout, int limit) {
        List<String> out = new ArrayList<>();
        for (RealData.Record r : RealData.load(dataset)) {
            if (r.holdout() != holdout) {
                continue;
            }
            AnalysisResult res = ConversationAnalyzer.analyze(r.conversation(), AnalysisConfig.defaults());
            Finding f = res.findings().stream().filter(x -> x.type().wire().equals(type)).findFirst().orElse(null);
            boolean exp = r.positive().contains(type);
            boolean labelled = exp || r.negative().contains(type);
            if (labelled && exp != (f != null) && out.size() < limit) {
                out.add((exp ? "MISSED " : "FALSE ") + r.id() + " :: " + (f != null ? f.explanation() + " :: " : "")
                        + r.conversation().messages().stream().map(m -> m.role() + ": " + m.content())
                        .collect(Collectors.joining(" | ")));
            }
        }
        return out;
    }
}
