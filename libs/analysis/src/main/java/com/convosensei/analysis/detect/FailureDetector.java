package com.convosensei.analysis.detect;

import com.convosensei.analysis.Finding;
import com.convosensei.contracts.failure.FailureType;
import java.util.List;

/** One kind of failure; reads everything it needs (thresholds included) from the {@link DetectionContext}. */
public interface FailureDetector {

    FailureType type();

    /** Findings of this type, usually zero or one per conversation. Must be deterministic and side-effect free. */
    List<Finding> detect(DetectionContext ctx);
}
