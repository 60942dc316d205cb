package com.convosensei.analysis.cluster;

import com.convosensei.analysis.embedding.HashingTextEmbedder;
import com.convosensei.analysis.embedding.TextEmbedder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Usage patterns: embed conversations, choose k by silhouette (k-means++ for each k in
 * {@code [minK, min(maxK, n / minClusterSize)]} on a sample), cluster all conversations with that k, then label each
 * cluster by its distinctive terms and compute its outcome statistics. Deterministic for a given seed.
 */
public final class PatternAnalyzer {

    private PatternAnalyzer() {
    }

    /** With the local hashing embedder, IDF fitted on these very texts. */
    public static PatternResult analyze(List<ClusterInput> inputs, ClusteringConfig cfg) {
        HashingTextEmbedder embedder = new HashingTextEmbedder()
                .fit(inputs.stream().map(ClusterInput::text).toList());
        return analyze(inputs, embedder, cfg);
    }

    public static PatternResult analyze(List<ClusterInput> inputs, TextEmbedder embedder, ClusteringConfig cfg) {
        List<String> texts = inputs.stream().map(ClusterInput::text).toList();
        List<float[]> vectors = embedder.embedAll(texts);
        return cluster(inputs, vectors.toArray(float[][]::new), embedder.model(), cfg);
    }

    /** Clusters pre-computed vectors (one per input, same order). */
    public static PatternResult cluster(List<ClusterInput> inputs, float[][] vectors, String model,
                                        ClusteringConfig cfg) {
        int n = inputs.size();
        if (vectors.length != n) {
            throw new IllegalArgumentException("one vector per input expected");
        }
        if (n == 0) {
            return new PatternResult(model, 0, null, List.of());
        }
        KMeans.Points points = new KMeans.Points(vectors);
        int kMax = Math.min(cfg.maxK(), n / Math.max(1, cfg.minClusterSize()));
        int chosenK = 1;
        Double bestSilhouette = null;
        if (kMax >= Math.max(2, cfg.minK())) {
            // choose k on a sample: the silhouette needs pairwise distances, which do not scale to all points
            int[] selection = sample(n, cfg.selectionSample(), cfg.seed());
            KMeans.Points sel = new KMeans.Points(Arrays.stream(selection).mapToObj(i -> vectors[i])
                    .toArray(float[][]::new));
            int[] silSample = sample(selection.length, cfg.silhouetteSample(), cfg.seed() + 1);
            double[][] dist = KMeans.distances(sel, silSample);
            int kMin = Math.max(2, cfg.minK());
            double[] sil = new double[kMax + 1];
            double best = Double.NEGATIVE_INFINITY;
            for (int k = kMin; k <= kMax; k++) {
                KMeans.Result r = KMeans.fit(sel, k, cfg.seed(), cfg.maxIterations(), cfg.restarts());
                int[] labels = Arrays.stream(silSample).map(i -> r.assignment()[i]).toArray();
                sil[k] = KMeans.silhouette(dist, labels, k);
                best = Math.max(best, sil[k]);
            }
            // parsimony: the smallest k whose silhouette is within tolerance of the best; text silhouettes keep
            // creeping up as topics split into sub-topics, and a dashboard reads better with fewer patterns
            for (int k = kMin; k <= kMax; k++) {
                if (sil[k] >= best - Math.abs(best) * cfg.silhouetteTolerance()) {
                    chosenK = k;
                    bestSilhouette = Math.round(sil[k] * 10_000) / 10_000.0;
                    break;
                }
            }
        }
        int[] assignment;
        float[][] centroids;
        if (chosenK == 1) {
            assignment = new int[n];
            centroids = new float[][] {mean(vectors, assignment, 0)};
        } else {
            KMeans.Result r = KMeans.fit(points, chosenK, cfg.seed(), cfg.maxIterations(), cfg.restarts());
            assignment = r.assignment();
            centroids = r.centroids();
        }
        int k = centroids.length;
        List<ClusterLabeler.Label> labels = ClusterLabeler.label(
                inputs.stream().map(ClusterInput::text).toList(), assignment, k, cfg.keywords());

        List<PatternCluster> clusters = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            final int cc = c;
            int[] members = IntStream.range(0, n).filter(i -> assignment[i] == cc).toArray();
            if (members.length == 0) {
                continue;
            }
            clusters.add(stats(c, members, inputs, points, centroids[c], labels.get(c), cfg.samples()));
        }
        clusters.sort(Comparator.comparingInt(PatternCluster::size).reversed()
                .thenComparing(PatternCluster::label));
        List<PatternCluster> renumbered = new ArrayList<>();
        for (int i = 0; i < clusters.size(); i++) {
            PatternCluster p = clusters.get(i);
            renumbered.add(new PatternCluster(i, p.label(), p.keywords(), p.size(), p.avgHealth(), p.failureShare(),
                    p.failureBreakdown(), p.memberIds(), p.sampleIds(), p.centroid()));
        }
        return new PatternResult(model, k, bestSilhouette, renumbered);
    }

    private static PatternCluster stats(int c, int[] members, List<ClusterInput> inputs, KMeans.Points points,
                                        float[] centroid, ClusterLabeler.Label label, int sampleCount) {
        double healthSum = 0;
        int healthN = 0;
        int withFailure = 0;
        Map<String, Integer> byType = new TreeMap<>();
        List<String> ids = new ArrayList<>(members.length);
        for (int i : members) {
            ClusterInput in = inputs.get(i);
            ids.add(in.id());
            if (in.healthScore() != null) {
                healthSum += in.healthScore();
                healthN++;
            }
            if (!in.failureTypes().isEmpty()) {
                withFailure++;
            }
            for (String t : new HashSet<>(in.failureTypes())) {
                byType.merge(t, 1, Integer::sum);
            }
        }
        Map<String, Double> breakdown = new LinkedHashMap<>();
        byType.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> breakdown.put(e.getKey(), round3((double) e.getValue() / members.length)));
        double cn2 = 0;
        for (float x : centroid) {
            cn2 += (double) x * x;
        }
        final double centroidNorm2 = cn2;
        List<String> samples = Arrays.stream(members).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> points.dist2(i, centroid, centroidNorm2))
                        .thenComparing(i -> inputs.get(i).id()))
                .limit(sampleCount).map(i -> inputs.get(i).id()).toList();
        return new PatternCluster(c, label.label(), label.keywords(), members.length,
                healthN == 0 ? null : round3(healthSum / healthN), round3((double) withFailure / members.length),
                breakdown, ids, samples, centroid);
    }

    private static float[] mean(float[][] vectors, int[] assignment, int c) {
        int dims = vectors.length == 0 ? 0 : vectors[0].length;
        double[] acc = new double[dims];
        int count = 0;
        for (int i = 0; i < vectors.length; i++) {
            if (assignment[i] == c) {
                for (int d = 0; d < dims; d++) {
                    acc[d] += vectors[i][d];
                }
                count++;
            }
        }
        float[] out = new float[dims];
        for (int d = 0; d < dims; d++) {
            out[d] = (float) (acc[d] / Math.max(1, count));
        }
        return out;
    }

    /** Up to {@code max} distinct indices of [0, n), sorted, chosen by a seeded shuffle. */
    static int[] sample(int n, int max, long seed) {
        if (n <= max) {
            return IntStream.range(0, n).toArray();
        }
        int[] all = IntStream.range(0, n).toArray();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < max; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, max);
        Arrays.sort(out);
        return out;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
