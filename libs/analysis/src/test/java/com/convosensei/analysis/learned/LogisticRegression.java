package com.convosensei.analysis.learned;

import java.util.Random;

/**
 * Binary logistic regression with L2, fitted by full-batch Adam; labels may be soft (a share of annotators).
 * Deterministic. Small enough for a few thousand examples of a few hundred features in seconds.
 */
final class LogisticRegression {

    record Fit(float[] weights, double bias) {
        double probability(float[] x) {
            double z = bias;
            for (int i = 0; i < x.length; i++) {
                z += weights[i] * x[i];
            }
            return LinearHead.sigmoid(z);
        }
    }

    private LogisticRegression() {
    }

    static Fit fit(float[][] xs, double[] ys, double l2, int epochs) {
        int n = xs.length;
        int d = xs[0].length;
        double[] w = new double[d];
        double mean = 0;
        for (double y : ys) {
            mean += y;
        }
        mean = Math.max(1e-3, Math.min(1 - 1e-3, mean / n));
        double b = Math.log(mean / (1 - mean));
        double[] m = new double[d + 1];
        double[] v = new double[d + 1];
        double[] g = new double[d + 1];
        double lr = 0.05;
        double b1 = 0.9;
        double b2 = 0.999;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            java.util.Arrays.fill(g, 0);
            for (int i = 0; i < n; i++) {
                float[] x = xs[i];
                double z = b;
                for (int j = 0; j < d; j++) {
                    z += w[j] * x[j];
                }
                double err = LinearHead.sigmoid(z) - ys[i];
                for (int j = 0; j < d; j++) {
                    g[j] += err * x[j];
                }
                g[d] += err;
            }
            for (int j = 0; j <= d; j++) {
                double grad = g[j] / n + (j < d ? l2 * w[j] : 0);
                m[j] = b1 * m[j] + (1 - b1) * grad;
                v[j] = b2 * v[j] + (1 - b2) * grad * grad;
                double mh = m[j] / (1 - Math.pow(b1, epoch));
                double vh = v[j] / (1 - Math.pow(b2, epoch));
                double step = lr * mh / (Math.sqrt(vh) + 1e-8);
                if (j < d) {
                    w[j] -= step;
                } else {
                    b -= step;
                }
            }
        }
        float[] wf = new float[d];
        for (int j = 0; j < d; j++) {
            wf[j] = (float) w[j];
        }
        return new Fit(wf, b);
    }

    /** Out-of-fold probabilities: examples of one group (conversation) always share a fold. */
    static double[] outOfFold(float[][] xs, double[] ys, String[] groups, double l2, int epochs, int folds) {
        int n = xs.length;
        int[] fold = new int[n];
        java.util.Map<String, Integer> byGroup = new java.util.HashMap<>();
        Random rnd = new Random(7);
        for (int i = 0; i < n; i++) {
            fold[i] = byGroup.computeIfAbsent(groups[i], k -> rnd.nextInt(folds));
        }
        double[] out = new double[n];
        for (int f = 0; f < folds; f++) {
            int trainN = 0;
            for (int i = 0; i < n; i++) {
                trainN += fold[i] != f ? 1 : 0;
            }
            float[][] tx = new float[trainN][];
            double[] ty = new double[trainN];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (fold[i] != f) {
                    tx[k] = xs[i];
                    ty[k++] = ys[i];
                }
            }
            Fit fit = fit(tx, ty, l2, epochs);
            for (int i = 0; i < n; i++) {
                if (fold[i] == f) {
                    out[i] = fit.probability(xs[i]);
                }
            }
        }
        return out;
    }

    /** Mean log loss of soft labels. */
    static double logLoss(double[] p, double[] y) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double q = Math.max(1e-6, Math.min(1 - 1e-6, p[i]));
            s -= y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q);
        }
        return s / p.length;
    }
}
