package com.convosensei.analysis.cluster;

import java.util.List;
import java.util.Map;

/**
 * One usage pattern: a cluster of conversations with its label (2-3 distinctive terms), keywords, outcome
 * statistics and the ids of its members (samples are those nearest the centroid).
 *
 * @param failureShare     fraction of members with at least one failure
 * @param failureBreakdown failure type (wire name) -> fraction of members having it
 * @param avgHealth        mean health of members with a score, null if none has one
 */
public record PatternCluster(int index, String label, List<String> keywords, int size, Double avgHealth,
                             double failureShare, Map<String, Double> failureBreakdown, List<String> memberIds,
                             List<String> sampleIds, float[] centroid) {
}
