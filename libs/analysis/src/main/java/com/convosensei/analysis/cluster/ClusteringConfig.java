package com.convosensei.analysis.cluster;

/**
 * Knobs of pattern analysis.
 *
 * @param minK              smallest k tried
 * @param maxK              largest k tried (further limited to n / minClusterSize); 25 by default, room for the
 *                          two dozen intents a support bot typically sees
 * @param minClusterSize    the average cluster must have at least this many conversations
 * @param seed              random seed: the same input and seed always give the same clusters
 * @param maxIterations     Lloyd iterations per k-means run
 * @param restarts          k-means++ restarts per k (the lowest inertia wins)
 * @param selectionSample   k is chosen on at most this many conversations; the final fit uses all
 * @param silhouetteSample  silhouette is computed on at most this many conversations
 * @param keywords          keywords per cluster
 * @param samples           sample conversation ids per cluster (those nearest the centroid)
 * @param silhouetteTolerance the smallest k whose silhouette is within this fraction of the best one is chosen
 */
public record ClusteringConfig(int minK, int maxK, int minClusterSize, long seed, int maxIterations, int restarts,
                               int selectionSample, int silhouetteSample, int keywords, int samples,
                               double silhouetteTolerance) {

    public static ClusteringConfig defaults() {
        return new ClusteringConfig(2, 25, 5, 42L, 40, 3, 2000, 800, 8, 5, 0.05);
    }
}
