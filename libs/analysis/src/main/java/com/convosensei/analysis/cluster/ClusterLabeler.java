package com.convosensei.analysis.cluster;

import com.convosensei.analysis.text.Similarity;
import com.convosensei.analysis.text.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names clusters by their distinctive terms with class-based TF-IDF (c-TF-IDF, as BERTopic): a term's weight in
 * cluster c is {@code (tf(t, c) / terms(c)) * ln(1 + A / f(t))}, where A is the average number of terms per
 * cluster and f(t) the term's frequency over all clusters: frequent here, rare elsewhere. Terms are content words
 * (stopwords and numbers dropped) and bigrams of adjacent content words; a term must occur in at least two of the
 * cluster's conversations (or all of a tiny one) to count. A label does not repeat the words of a larger cluster's.
 */
public final class ClusterLabeler {

    /** Keywords (best first) and the label built from the top 2-3 of them. */
    public record Label(String label, List<String> keywords) {
    }

    private ClusterLabeler() {
    }

    public static List<Label> label(List<String> texts, int[] assignment, int k, int keywordCount) {
        List<Map<String, Integer>> tf = new ArrayList<>();
        List<Map<String, Integer>> df = new ArrayList<>();
        int[] sizes = new int[k];
        for (int c = 0; c < k; c++) {
            tf.add(new HashMap<>());
            df.add(new HashMap<>());
        }
        Map<String, Integer> overall = new HashMap<>();
        long totalTerms = 0;
        for (int i = 0; i < texts.size(); i++) {
            int c = assignment[i];
            sizes[c]++;
            List<String> terms = terms(texts.get(i));
            totalTerms += terms.size();
            for (String t : terms) {
                tf.get(c).merge(t, 1, Integer::sum);
                overall.merge(t, 1, Integer::sum);
            }
            for (String t : new HashSet<>(terms)) {
                df.get(c).merge(t, 1, Integer::sum);
            }
        }
        double avgTermsPerCluster = (double) totalTerms / k;
        List<List<String>> keywordsOf = new ArrayList<>(k);
        List<List<Double>> weightsOf = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            int termsInCluster = tf.get(c).values().stream().mapToInt(Integer::intValue).sum();
            int minDf = sizes[c] >= 4 ? Math.max(2, (int) Math.ceil(sizes[c] * 0.05)) : 1;
            List<Map.Entry<String, Double>> scored = new ArrayList<>();
            for (Map.Entry<String, Integer> e : tf.get(c).entrySet()) {
                String t = e.getKey();
                if (df.get(c).getOrDefault(t, 0) < minDf) {
                    continue;
                }
                double w = ((double) e.getValue() / Math.max(1, termsInCluster))
                        * Math.log(1 + avgTermsPerCluster / overall.get(t));
                scored.add(Map.entry(t, w));
            }
            scored.sort((a, b) -> {
                int cmp = Double.compare(b.getValue(), a.getValue());
                return cmp != 0 ? cmp : a.getKey().compareTo(b.getKey());
            });
            List<String> keywords = new ArrayList<>();
            List<Double> weights = new ArrayList<>();
            for (Map.Entry<String, Double> e : scored) {
                if (keywords.size() >= keywordCount) {
                    break;
                }
                String term = e.getKey();
                if (redundant(term, keywords)) {
                    continue;
                }
                int extended = term.contains(" ") ? extendedUnigram(term, keywords) : -1;
                if (extended >= 0) {
                    keywords.set(extended, term); // "delivery delayed" is a better keyword than "delayed"
                    continue;
                }
                keywords.add(term);
                weights.add(e.getValue());
            }
            keywordsOf.add(keywords);
            weightsOf.add(weights);
        }
        // labels larger clusters first; a smaller one is not named by words a larger one's label already uses, so two
        // patterns never read alike ("pro account / freemium" twice): its next distinctive terms name it instead
        Label[] out = new Label[k];
        Set<String> usedWords = new HashSet<>();
        Integer[] bySize = new Integer[k];
        for (int c = 0; c < k; c++) {
            bySize[c] = c;
        }
        java.util.Arrays.sort(bySize, (a, b) -> sizes[a] != sizes[b] ? Integer.compare(sizes[b], sizes[a]) : a - b);
        for (int c : bySize) {
            List<String> fresh = new ArrayList<>();
            List<Double> freshWeights = new ArrayList<>();
            for (int i = 0; i < keywordsOf.get(c).size(); i++) {
                String term = keywordsOf.get(c).get(i);
                if (!usedWords.containsAll(List.of(term.split(" ")))) {
                    fresh.add(term);
                    freshWeights.add(weightsOf.get(c).get(i));
                }
            }
            String label = fresh.isEmpty() ? labelOf(keywordsOf.get(c), weightsOf.get(c)) : labelOf(fresh, freshWeights);
            usedWords.addAll(List.of(label.split(" / | ")));
            out[c] = new Label(label, List.copyOf(keywordsOf.get(c)));
        }
        return List.of(out);
    }

    /** Position of a chosen unigram that this bigram contains, or -1. */
    private static int extendedUnigram(String bigram, List<String> chosen) {
        List<String> words = List.of(bigram.split(" "));
        for (int i = 0; i < chosen.size(); i++) {
            if (!chosen.get(i).contains(" ") && words.contains(chosen.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** A unigram already inside a chosen bigram, or a bigram whose words are both chosen, adds nothing. */
    private static boolean redundant(String term, List<String> chosen) {
        Set<String> words = Set.of(term.split(" "));
        for (String c : chosen) {
            Set<String> cw = Set.of(c.split(" "));
            if (cw.containsAll(words) || words.containsAll(cw) && words.size() > 1 && cw.size() > 1) {
                return true;
            }
        }
        if (words.size() > 1) {
            Set<String> covered = new HashSet<>();
            chosen.forEach(c -> covered.addAll(List.of(c.split(" "))));
            return covered.containsAll(words);
        }
        return false;
    }

    private static String labelOf(List<String> keywords, List<Double> weights) {
        if (keywords.isEmpty()) {
            return "misc";
        }
        int n = 1;
        while (n < Math.min(3, keywords.size()) && (n < 2 || weights.get(n) >= 0.5 * weights.get(0))) {
            n++;
        }
        return String.join(" / ", keywords.subList(0, n));
    }

    /** Content words (unstemmed, readable) and their adjacent bigrams. */
    static List<String> terms(String text) {
        List<String> words = Text.words(Text.normalize(text));
        List<String> content = new ArrayList<>();
        for (String w : words) {
            if (w.length() >= 3 && !Similarity.isStopword(w) && Character.isLetter(w.charAt(0))
                    && w.chars().noneMatch(Character::isDigit)) {
                content.add(w);
            }
        }
        List<String> out = new ArrayList<>(content);
        for (int i = 0; i + 1 < content.size(); i++) {
            if (!content.get(i).equals(content.get(i + 1))) {
                out.add(content.get(i) + " " + content.get(i + 1));
            }
        }
        return out;
    }
}
