package com.convosensei.analysis;

import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.List;

/**
 * One detected failure. {@code fingerprint} identifies "the same failure" across re-scorings of a growing
 * conversation (it is derived from the type and the first evidence message, never from scores or wording), so the
 * processor can upsert on (conversation, type, fingerprint).
 */
public record Finding(FailureType type, Severity severity, double confidence, List<Evidence> evidence,
                      String explanation, String fingerprint) {

    public Finding {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        confidence = Math.max(0, Math.min(1, confidence));
    }

    /** Whether a message (by id) is part of this finding's evidence. */
    public boolean mentions(String messageId) {
        return messageId != null && evidence.stream().anyMatch(e -> messageId.equals(e.messageId()));
    }
}
