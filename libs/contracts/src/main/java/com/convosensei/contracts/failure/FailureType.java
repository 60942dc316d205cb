package com.convosensei.contracts.failure;

import java.util.Arrays;
import java.util.Optional;

/** The failure kinds Sensei detects; {@link #wire()} is the value stored and sent over the API. */
public enum FailureType {
    USER_FRUSTRATION,
    AGENT_REFUSAL,
    ESCALATION_REQUEST,
    REPETITION_LOOP,
    ERROR_RESPONSE,
    LATENCY_SPIKE,
    ABANDONMENT,
    PII_EXPOSURE,
    NEGATIVE_FEEDBACK,
    PROMPT_INJECTION;

    public String wire() {
        return name().toLowerCase();
    }

    public static Optional<FailureType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire().equals(value)).findFirst();
    }
}
