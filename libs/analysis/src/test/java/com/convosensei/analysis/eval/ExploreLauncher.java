package com.convosensei.analysis.eval;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.AnalysisResult;
import com.convosensei.analysis.ConversationAnalyzer;
import com.convosensei.contracts.conversation.HealthComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

@EnabledIfSystemProperty(named = "explore", matches = "true")
class ExploreLauncher {
    @Test
    void components() {
        for (boolean holdout : new boolean[]{false, true}) {
            Map<String, List<double[]>> pairs = new HashMap<>();
            for (RealData.Record r : RealData.load("dbdc3")) {
                if (r.holdout() != holdout || r.health() == null) {
                    continue;
                }
                AnalysisResult res = ConversationAnalyzer.analyze(r.conversation(), AnalysisConfig.defaults());
                double y = "high".equals(r.health()) ? 1 : 0;
                pairs.computeIfAbsent("total", k -> new ArrayList<>()).add(new double[]{res.health().score(), y});
                for (HealthComponent c : res.health().components()) {
                    pairs.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(new double[]{c.score(), y});
                }
                pairs.computeIfAbsent("user_sent_avg", k -> new ArrayList<>()).add(new double[]{res.sentiment().avg(), y});
                pairs.computeIfAbsent("user_sent_min", k -> new ArrayList<>()).add(new double[]{res.sentiment().min(), y});
                pairs.computeIfAbsent("n_findings", k -> new ArrayList<>()).add(new double[]{-res.findings().size(), y});
            }
            System.out.println((holdout ? "holdout" : "train") + ":");
            pairs.forEach((k, v) -> System.out.printf("  %-22s AUC %.3f%n", k, RealDataReport.auc(v)));
        }
    }
}
