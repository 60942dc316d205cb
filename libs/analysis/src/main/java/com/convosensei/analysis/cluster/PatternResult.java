package com.convosensei.analysis.cluster;

import java.util.List;

/** The outcome of one pattern analysis: clusters largest first, the k chosen and its silhouette (null if k = 1). */
public record PatternResult(String model, int k, Double silhouette, List<PatternCluster> clusters) {
}
