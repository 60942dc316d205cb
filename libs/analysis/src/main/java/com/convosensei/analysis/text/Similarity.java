package com.convosensei.analysis.text;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Lexical similarity measures used for repetition detection. */
public final class Similarity {

    private static final Set<String> STOPWORDS = Set.copyOf(Text.resourceLines(Similarity.class, "stopwords.txt"));

    private Similarity() {
    }

    public static boolean isStopword(String w) {
        return STOPWORDS.contains(w);
    }

    public static Set<String> stopwords() {
        return STOPWORDS;
    }

    /**
     * Near-identical replies: the higher of word-shingle Jaccard (same wording) and content-word Jaccard (same
     * substance, reworded). Function words are left out of the second on purpose: two templated answers that share
     * "go to ... click ... and save" but differ in what they are about are not the same answer.
     */
    public static double nearDuplicate(List<String> a, List<String> b, int shingle) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        return nearDuplicate(ngrams(a, shingle).keySet(), contentWords(a), ngrams(b, shingle).keySet(),
                contentWords(b));
    }

    /** The same, from precomputed shingle and content-word sets. */
    public static double nearDuplicate(Set<String> shinglesA, Set<String> contentA, Set<String> shinglesB,
                                       Set<String> contentB) {
        double shingles = jaccard(shinglesA, shinglesB);
        double content = contentA.size() >= 3 && contentB.size() >= 3 ? jaccard(contentA, contentB) : 0;
        return Math.max(shingles, content);
    }

    public static Map<String, Integer> ngrams(List<String> words, int n) {
        Map<String, Integer> m = new HashMap<>();
        if (words.size() < n) {
            if (!words.isEmpty()) {
                m.put(String.join(" ", words), 1);
            }
            return m;
        }
        for (int i = 0; i + n <= words.size(); i++) {
            String g;
            if (n == 1) {
                g = words.get(i);
            } else if (n == 2) {
                g = words.get(i) + ' ' + words.get(i + 1);
            } else {
                g = String.join(" ", words.subList(i, i + n));
            }
            m.merge(g, 1, Integer::sum);
        }
        return m;
    }

    public static double cosine(Map<String, Integer> a, Map<String, Integer> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        Map<String, Integer> small = a.size() <= b.size() ? a : b;
        Map<String, Integer> large = small == a ? b : a;
        double dot = 0;
        for (Map.Entry<String, Integer> e : small.entrySet()) {
            Integer o = large.get(e.getKey());
            if (o != null) {
                dot += (double) e.getValue() * o;
            }
        }
        return dot == 0 ? 0 : dot / Math.sqrt(norm2(a) * norm2(b));
    }

    private static double norm2(Map<String, Integer> m) {
        double s = 0;
        for (int v : m.values()) {
            s += (double) v * v;
        }
        return s;
    }

    public static <T> double jaccard(Set<T> a, Set<T> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 0;
        }
        int inter = 0;
        for (T x : a) {
            if (b.contains(x)) {
                inter++;
            }
        }
        return (double) inter / (a.size() + b.size() - inter);
    }

    /** Content words: no stopwords, no 1-2 letter tokens, lightly stemmed ("passwords" ~ "password"). */
    public static Set<String> contentWords(List<String> words) {
        Set<String> out = new HashSet<>();
        for (String w : words) {
            if (w.length() > 2 && !STOPWORDS.contains(w)) {
                out.add(stem(w));
            }
        }
        return out;
    }

    /** A deliberately light suffix stripper: enough to match plurals and tenses, never clever. */
    public static String stem(String word) {
        String w = word.endsWith("'s") ? word.substring(0, word.length() - 2) : word;
        String s = strip(w);
        // "charge"/"charged"/"charges" all end up as "charg"
        return s.length() > 4 && s.endsWith("e") ? s.substring(0, s.length() - 1) : s;
    }

    private static String strip(String w) {
        int n = w.length();
        if (n > 5 && w.endsWith("ing")) {
            return w.substring(0, n - 3);
        }
        if (n > 4 && w.endsWith("ed")) {
            return w.substring(0, n - 2);
        }
        if (n > 4 && w.endsWith("ies")) {
            return w.substring(0, n - 3) + "y";
        }
        if (n > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) {
            return w.substring(0, n - 1);
        }
        return w;
    }
}
