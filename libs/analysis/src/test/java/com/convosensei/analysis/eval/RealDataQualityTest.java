package com.convosensei.analysis.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.AnalysisResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real-data gate in `make test`: on our holdout third of the dev sets (never tuned on), every figure stays at
 * or above the level it reached when the learned layer shipped, minus a small margin; `make eval` prints them all.
 */
class RealDataQualityTest {

    private static RealDataReport.Part holdout;

    @BeforeAll
    static void analyse() {
        List<RealData.Record> records = RealData.all().stream().filter(RealData.Record::holdout).toList();
        Map<String, AnalysisResult> results = RealDataReport.analyzeAll(records);
        holdout = RealDataReport.part("holdout", records, results);
    }

    @Test
    void detectors__keepTheirHoldoutF1() {
        assertThat(holdout.counts("bitext", "escalation_request").f1()).isGreaterThanOrEqualTo(0.93);
        assertThat(holdout.counts("xstest", "agent_refusal").f1()).isGreaterThanOrEqualTo(0.90);
        assertThat(holdout.counts("sgd", "error_response").f1()).isGreaterThanOrEqualTo(0.86);
        assertThat(holdout.counts("presidio-synth", "pii_exposure").f1()).isGreaterThanOrEqualTo(0.93);
        assertThat(holdout.counts("deepset-prompt-injections", "prompt_injection").f1()).isGreaterThanOrEqualTo(0.75);
    }

    @Test
    void detectors__rarelyFireOnCompletedTaskDialogues() {
        for (String type : List.of("pii_exposure", "repetition_loop", "user_frustration", "error_response",
                "agent_refusal", "escalation_request")) {
            double[] fired = holdout.goodDialogueFires().get("sgd-success " + type);
            assertThat(fired[0] / fired[1]).as("%s on sgd-success", type).isLessThanOrEqualTo(0.025);
        }
        assertThat(holdout.counts("goemotions", "user_frustration").falseAlarmRate()).isLessThanOrEqualTo(0.01);
    }

    @Test
    void healthAndSentiment__rank() {
        assertThat(holdout.healthAuc().get("dbdc3")).isGreaterThanOrEqualTo(0.65);
        assertThat(holdout.sentimentAuc()).isGreaterThanOrEqualTo(0.87);
    }
}
