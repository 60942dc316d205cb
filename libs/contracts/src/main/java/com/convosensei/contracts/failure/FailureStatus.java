package com.convosensei.contracts.failure;

import java.util.Arrays;
import java.util.Optional;

/** Where a person has moved a failure: open -> ack -> resolved (any move is allowed). */
public enum FailureStatus {
    OPEN, ACK, RESOLVED;

    public String wire() {
        return name().toLowerCase();
    }

    public static Optional<FailureStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }
}
