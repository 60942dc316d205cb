package com.convosensei.analysis.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Matches this run's clusters to the previous run's, so a pattern can show "previous size" and growth. Similarity
 * is the higher of keyword overlap (Jaccard over keywords and their words) and centroid cosine (when both runs have
 * centroids of the same length, i.e. the same embedding model). Matching is greedy one-to-one, best pairs first.
 */
public final class GrowthMatcher {

    /** What is kept of a previous run's cluster. {@code centroid} may be null. */
    public record PreviousPattern(String id, String label, List<String> keywords, int size, float[] centroid) {
    }

    /** For current cluster {@code currentIndex}: its previous match (null fields when new) and growth. */
    public record Growth(int currentIndex, String previousId, Integer previousSize, Double growth,
                         double similarity) {
    }

    public static final double MIN_KEYWORD_SIMILARITY = 0.25;
    public static final double MIN_CENTROID_SIMILARITY = 0.6;

    private GrowthMatcher() {
    }

    public static List<Growth> match(List<PatternCluster> current, List<PreviousPattern> previous) {
        record Pair(int cur, int prev, double sim) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < current.size(); i++) {
            for (int j = 0; j < previous.size(); j++) {
                PatternCluster c = current.get(i);
                PreviousPattern p = previous.get(j);
                double kw = keywordSimilarity(c.keywords(), p.keywords());
                double cos = c.centroid() != null && p.centroid() != null
                        && c.centroid().length == p.centroid().length ? cosine(c.centroid(), p.centroid()) : 0;
                if (kw >= MIN_KEYWORD_SIMILARITY || cos >= MIN_CENTROID_SIMILARITY) {
                    pairs.add(new Pair(i, j, Math.max(kw, cos)));
                }
            }
        }
        pairs.sort((a, b) -> {
            int cmp = Double.compare(b.sim, a.sim);
            return cmp != 0 ? cmp : a.cur != b.cur ? Integer.compare(a.cur, b.cur) : Integer.compare(a.prev, b.prev);
        });
        Growth[] out = new Growth[current.size()];
        boolean[] usedPrev = new boolean[previous.size()];
        for (Pair p : pairs) {
            if (out[p.cur] != null || usedPrev[p.prev]) {
                continue;
            }
            usedPrev[p.prev] = true;
            PreviousPattern prev = previous.get(p.prev);
            int size = current.get(p.cur).size();
            Double growth = prev.size() > 0 ? Math.round((size - prev.size()) * 1000.0 / prev.size()) / 1000.0 : null;
            out[p.cur] = new Growth(p.cur, prev.id(), prev.size(), growth, Math.round(p.sim * 1000) / 1000.0);
        }
        List<Growth> result = new ArrayList<>(current.size());
        for (int i = 0; i < out.length; i++) {
            result.add(out[i] != null ? out[i] : new Growth(i, null, null, null, 0));
        }
        return result;
    }

    static double keywordSimilarity(List<String> a, List<String> b) {
        Set<String> sa = expand(a);
        Set<String> sb = expand(b);
        if (sa.isEmpty() || sb.isEmpty()) {
            return 0;
        }
        int inter = 0;
        for (String x : sa) {
            if (sb.contains(x)) {
                inter++;
            }
        }
        return (double) inter / (sa.size() + sb.size() - inter);
    }

    private static Set<String> expand(List<String> keywords) {
        Set<String> s = new HashSet<>();
        for (String k : keywords) {
            s.add(k);
            for (String w : k.split(" ")) {
                s.add(w);
            }
        }
        return s;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
