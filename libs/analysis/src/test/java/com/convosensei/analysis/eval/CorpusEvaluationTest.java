package com.convosensei.analysis.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The detector quality gate: prints the per-detector table and fails if any detector's F1 is below 0.9. */
class CorpusEvaluationTest {

    @Test
    void corpus__everyDetector__reachesMinimumF1() {
        EvalReport.Report report = EvalReport.run();
        System.out.print(report.table());
        if (!report.misses().isEmpty()) {
            System.out.println("Misclassified conversations (" + report.misses().size() + "):");
            System.out.print(report.missesText());
        }
        assertThat(report.conversations()).isGreaterThanOrEqualTo(300);
        assertThat(report.scores()).allSatisfy(s -> assertThat(s.f1())
                .as("F1 of %s (tp %d, fp %d, fn %d)", s.type().wire(), s.tp(), s.fp(), s.fn())
                .isGreaterThanOrEqualTo(EvalReport.MIN_F1));
    }
}
