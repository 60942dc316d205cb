package com.convosensei.analysis.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * k-means (Lloyd) with k-means++ seeding over float vectors, deterministic for a given seed. Vectors that are
 * mostly zero (the hashing embedder's) are dotted sparsely, which makes thousands of points cheap.
 */
public final class KMeans {

    /** Points prepared for fast distance computations. */
    public static final class Points {
        final float[][] dense;
        final int[][] idx; // non-zero indices, or null when the vector is dense
        final float[][] val;
        final double[] norm2;
        final int dims;

        public Points(float[][] vectors) {
            int n = vectors.length;
            this.dense = vectors;
            this.dims = n == 0 ? 0 : vectors[0].length;
            this.idx = new int[n][];
            this.val = new float[n][];
            this.norm2 = new double[n];
            for (int i = 0; i < n; i++) {
                float[] v = vectors[i];
                if (v.length != dims) {
                    throw new IllegalArgumentException("vectors differ in length: " + v.length + " vs " + dims);
                }
                int nnz = 0;
                double s = 0;
                for (float x : v) {
                    if (x != 0) {
                        nnz++;
                        s += (double) x * x;
                    }
                }
                norm2[i] = s;
                if (nnz < dims / 3) {
                    int[] ix = new int[nnz];
                    float[] vs = new float[nnz];
                    int k = 0;
                    for (int d = 0; d < dims; d++) {
                        if (v[d] != 0) {
                            ix[k] = d;
                            vs[k++] = v[d];
                        }
                    }
                    idx[i] = ix;
                    val[i] = vs;
                }
            }
        }

        public int size() {
            return dense.length;
        }

        public float[] vector(int i) {
            return dense[i];
        }

        /** Whether most points are stored sparsely (a hashing embedder's vectors), not as dense embeddings. */
        public boolean sparse() {
            int sparse = 0;
            for (int[] ix : idx) {
                if (ix != null) {
                    sparse++;
                }
            }
            return sparse * 2 > idx.length;
        }

        double dot(int i, float[] c) {
            double s = 0;
            if (idx[i] != null) {
                int[] ix = idx[i];
                float[] vs = val[i];
                for (int k = 0; k < ix.length; k++) {
                    s += vs[k] * c[ix[k]];
                }
            } else {
                // eight float sums: independent additions pipeline where one double chain waits on each add (2x faster)
                float[] v = dense[i];
                float s0 = 0;
                float s1 = 0;
                float s2 = 0;
                float s3 = 0;
                float s4 = 0;
                float s5 = 0;
                float s6 = 0;
                float s7 = 0;
                int d = 0;
                for (; d + 7 < v.length; d += 8) {
                    s0 += v[d] * c[d];
                    s1 += v[d + 1] * c[d + 1];
                    s2 += v[d + 2] * c[d + 2];
                    s3 += v[d + 3] * c[d + 3];
                    s4 += v[d + 4] * c[d + 4];
                    s5 += v[d + 5] * c[d + 5];
                    s6 += v[d + 6] * c[d + 6];
                    s7 += v[d + 7] * c[d + 7];
                }
                for (; d < v.length; d++) {
                    s0 += v[d] * c[d];
                }
                s = (double) s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
            }
            return s;
        }

        /** Squared Euclidean distance from point i to a centre with squared norm {@code cn2}. */
        double dist2(int i, float[] c, double cn2) {
            return Math.max(0, norm2[i] + cn2 - 2 * dot(i, c));
        }

        double dist2(int i, int j) {
            float[] vj = dense[j];
            return dist2(i, vj, norm2[j]);
        }

        void addTo(int i, double[] acc) {
            if (idx[i] != null) {
                int[] ix = idx[i];
                float[] vs = val[i];
                for (int k = 0; k < ix.length; k++) {
                    acc[ix[k]] += vs[k];
                }
            } else {
                float[] v = dense[i];
                for (int d = 0; d < v.length; d++) {
                    acc[d] += v[d];
                }
            }
        }
    }

    /** Cluster assignment per point, the centres, and the sum of squared distances to them. */
    public record Result(int k, int[] assignment, float[][] centroids, double inertia) {
    }

    /** Relative inertia gain below which Lloyd iterations stop. */
    static final double CONVERGED = 1e-4;

    private KMeans() {
    }

    public static Result fit(Points p, int k, long seed, int maxIterations, int restarts) {
        Result best = null;
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int r = 0; r < Math.max(1, restarts); r++) {
            Result res = once(p, k, seeds.nextLong(), maxIterations);
            if (best == null || res.inertia < best.inertia - 1e-12) {
                best = res;
            }
        }
        return best;
    }

    private static Result once(Points p, int k, long seed, int maxIterations) {
        int n = p.size();
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] centroids = new float[k][];
        double[] cn2 = new double[k];
        // k-means++: each next centre drawn with probability proportional to squared distance to the nearest one
        int first = rnd.nextInt(n);
        centroids[0] = p.dense[first].clone();
        cn2[0] = p.norm2[first];
        double[] nearest = new double[n];
        for (int i = 0; i < n; i++) {
            nearest[i] = p.dist2(i, centroids[0], cn2[0]);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double d : nearest) {
                total += d;
            }
            int pick;
            if (total <= 0) {
                pick = rnd.nextInt(n);
            } else {
                double r = rnd.nextDouble() * total;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    r -= nearest[i];
                    if (r <= 0) {
                        pick = i;
                        break;
                    }
                }
            }
            centroids[c] = p.dense[pick].clone();
            cn2[c] = p.norm2[pick];
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], p.dist2(i, centroids[c], cn2[c]));
            }
        }

        return lloyd(p, centroids, cn2, maxIterations);
    }

    /**
     * Lloyd iterations from the given centres (e.g. those found on a sample of these points), which converge in a few
     * iterations where a fresh k-means++ start would need many.
     */
    public static Result refine(Points p, float[][] initial, int maxIterations) {
        float[][] centroids = new float[initial.length][];
        double[] cn2 = new double[initial.length];
        for (int c = 0; c < initial.length; c++) {
            centroids[c] = initial[c].clone();
            for (float x : centroids[c]) {
                cn2[c] += (double) x * x;
            }
        }
        return lloyd(p, centroids, cn2, maxIterations);
    }

    private static Result lloyd(Points p, float[][] centroids, double[] cn2, int maxIterations) {
        int n = p.size();
        int k = centroids.length;
        double[] nearest = new double[n];
        int[] assign = new int[n];
        Arrays.fill(assign, -1);
        double inertia = 0;
        double previousInertia = Double.MAX_VALUE;
        for (int it = 0; it < maxIterations; it++) {
            boolean changed = false;
            inertia = 0;
            for (int i = 0; i < n; i++) {
                int bestC = 0;
                double bestD = Double.MAX_VALUE;
                for (int c = 0; c < k; c++) {
                    double d = p.dist2(i, centroids[c], cn2[c]);
                    if (d < bestD) {
                        bestD = d;
                        bestC = c;
                    }
                }
                if (assign[i] != bestC) {
                    assign[i] = bestC;
                    changed = true;
                }
                nearest[i] = bestD;
                inertia += bestD;
            }
            // stop when nothing moves, or when the last step bettered the fit by less than 0.01%: the remaining
            // reassignments are a handful of borderline points that cost a full pass each
            if (!changed && it > 0 || previousInertia - inertia < CONVERGED * previousInertia) {
                break;
            }
            previousInertia = inertia;
            // update; an empty cluster takes the point farthest from its centre
            double[][] acc = new double[k][p.dims];
            int[] count = new int[k];
            for (int i = 0; i < n; i++) {
                p.addTo(i, acc[assign[i]]);
                count[assign[i]]++;
            }
            for (int c = 0; c < k; c++) {
                if (count[c] == 0) {
                    int far = 0;
                    for (int i = 1; i < n; i++) {
                        if (nearest[i] > nearest[far]) {
                            far = i;
                        }
                    }
                    nearest[far] = 0;
                    centroids[c] = p.dense[far].clone();
                } else {
                    float[] cv = new float[p.dims];
                    for (int d = 0; d < p.dims; d++) {
                        cv[d] = (float) (acc[c][d] / count[c]);
                    }
                    centroids[c] = cv;
                }
                double s = 0;
                for (float x : centroids[c]) {
                    s += (double) x * x;
                }
                cn2[c] = s;
            }
        }
        return new Result(k, assign, centroids, inertia);
    }

    /**
     * Mean silhouette over the points in {@code sample} (indices into p), using only the sample for the
     * intra/inter-cluster means. Points alone in their cluster score 0.
     */
    public static double silhouette(double[][] sampleDist, int[] sampleLabels, int k) {
        int s = sampleLabels.length;
        double total = 0;
        double[] sum = new double[k];
        int[] cnt = new int[k];
        for (int l : sampleLabels) {
            cnt[l]++;
        }
        for (int i = 0; i < s; i++) {
            Arrays.fill(sum, 0);
            for (int j = 0; j < s; j++) {
                if (i != j) {
                    sum[sampleLabels[j]] += sampleDist[i][j];
                }
            }
            int own = sampleLabels[i];
            if (cnt[own] <= 1) {
                continue;
            }
            double a = sum[own] / (cnt[own] - 1);
            double b = Double.MAX_VALUE;
            for (int c = 0; c < k; c++) {
                if (c != own && cnt[c] > 0) {
                    b = Math.min(b, sum[c] / cnt[c]);
                }
            }
            if (b == Double.MAX_VALUE) {
                continue;
            }
            double m = Math.max(a, b);
            total += m == 0 ? 0 : (b - a) / m;
        }
        return s == 0 ? 0 : total / s;
    }

    /** Euclidean distances between the sampled points. */
    public static double[][] distances(Points p, int[] sample) {
        int s = sample.length;
        double[][] d = new double[s][s];
        for (int a = 0; a < s; a++) {
            for (int b = a + 1; b < s; b++) {
                double v = Math.sqrt(p.dist2(sample[a], sample[b]));
                d[a][b] = v;
                d[b][a] = v;
            }
        }
        return d;
    }
}
