package com.convosensei.contracts.failure;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a person has moved a failure: open -> ack -> resolved (any move is allowed), or false_positive (the detection
 * was wrong: kept through re-scoring and exported for the analysis, see the failure_verdicts view).
 */
public enum FailureStatus {
    OPEN, ACK, RESOLVED, FALSE_POSITIVE;

    public String wire() {
        return name().toLowerCase();
    }

    public static Optional<FailureStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }
}
