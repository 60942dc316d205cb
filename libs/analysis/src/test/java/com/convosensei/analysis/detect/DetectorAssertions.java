package com.convosensei.analysis.detect;

import com.convosensei.analysis.AnalysisResult;
import com.convosensei.analysis.Finding;
import com.convosensei.contracts.failure.FailureType;
import java.util.Optional;

final class DetectorAssertions {
    private DetectorAssertions() {
    }

    static Optional<Finding> finding(AnalysisResult r, FailureType type) {
        return r.findings().stream().filter(f -> f.type() == type).findFirst();
    }
}
