package com.convosensei.analysis.learned;

import com.convosensei.analysis.eval.RealData;
import com.convosensei.analysis.eval.RealDataReport;
import com.convosensei.analysis.sentiment.SentimentAnalyzer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

@EnabledIfSystemProperty(named = "experiment", matches = "true")
class ExperimentLauncher {
    @Test
    void sentiment() {
        StaticEmbedder emb = StaticEmbedder.shared();
        List<float[]> xs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (RealData.Record r : RealData.load("goemotions")) {
            if (r.holdout()) continue;
            for (JsonNode s : r.labels().path("message_sentiment")) {
                String text = r.conversation().messages().get(s.path("msg").asInt()).content();
                float[] base = Features.messageWithLexicon(emb.embedBoth(text), SentimentAnalyzer.shared().score(text));
                int B = Integer.getInteger("buckets", 0);
                float[] x2 = java.util.Arrays.copyOf(base, base.length + B);
                if (B > 0) {
                    List<String> w = com.convosensei.analysis.text.Text.words(com.convosensei.analysis.text.Text.normalize(text));
                    for (int k = 0; k < w.size(); k++) {
                        x2[base.length + Math.floorMod(w.get(k).hashCode(), B)] = 0.3f;
                        if (k + 1 < w.size()) x2[base.length + Math.floorMod((w.get(k) + " " + w.get(k + 1)).hashCode(), B)] = 0.3f;
                    }
                }
                xs.add(x2);
                labels.add(s.path("sentiment").asText());
                groups.add(r.id());
            }
        }
        float[][] x = xs.toArray(float[][]::new);
        String[] g = groups.toArray(String[]::new);
        double[] yp = labels.stream().mapToDouble(l -> l.equals("positive") ? 1 : 0).toArray();
        double[] yn = labels.stream().mapToDouble(l -> l.equals("negative") ? 1 : 0).toArray();
        for (double l2 : new double[]{1e-4, 3e-4}) {
            for (int epochs : new int[]{250}) {
                double[] pp = LogisticRegression.outOfFold(x, yp, g, l2, epochs, 4);
                double[] pn = LogisticRegression.outOfFold(x, yn, g, l2, epochs, 4);
                List<double[]> pairs = new ArrayList<>();
                for (int i = 0; i < x.length; i++) {
                    if (yp[i] + yn[i] > 0) pairs.add(new double[]{pp[i] - pn[i], yp[i]});
                }
                System.out.printf("l2 %.0e epochs %d: oof AUC %.3f loss %.4f%n", l2, epochs, RealDataReport.auc(pairs),
                        LogisticRegression.logLoss(pp, yp));
            }
        }
    }
}
