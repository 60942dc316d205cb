package com.convosensei.analysis.cluster;

import java.util.Set;

/**
 * One conversation for pattern analysis: its id, the text to cluster on (typically the user's messages joined),
 * its health score (null if unscored) and the failure types (wire names) it has.
 */
public record ClusterInput(String id, String text, Double healthScore, Set<String> failureTypes) {
    public ClusterInput {
        text = text == null ? "" : text;
        failureTypes = failureTypes == null ? Set.of() : Set.copyOf(failureTypes);
    }
}
