package com.convosensei.analysis.learned;

/** Logistic regression: {@code P = sigmoid(w . x + b)}. */
public record LinearHead(String name, String features, float[] weights, double bias) {

    public double logit(float[] x) {
        if (x.length != weights.length) {
            throw new IllegalArgumentException(name + " expects " + weights.length + " features, got " + x.length);
        }
        double z = bias;
        for (int i = 0; i < x.length; i++) {
            z += weights[i] * x[i];
        }
        return z;
    }

    public double probability(float[] x) {
        return sigmoid(logit(x));
    }

    public static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    public static double logit(double p) {
        double q = Math.max(1e-6, Math.min(1 - 1e-6, p));
        return Math.log(q / (1 - q));
    }
}
