package com.convosensei.analysis.cluster;

import com.convosensei.analysis.text.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A pattern's title for people: its one or two distinctive phrases that the pattern's most representative
 * conversations (those nearest its centre) actually open with, in sentence case and joined by " · " ("Refund request
 * · order status"). {@link ClusterLabeler}'s keyword label ("refund / order status / refund request") ranks terms
 * over the whole cluster; the title prefers the ones its typical members say first, and never reads like an id.
 */
public final class PatternTitle {

    /** The title when a pattern has neither keywords nor text (empty conversations). */
    public static final String UNTITLED = "Other conversations";
    static final String SEPARATOR = " · ";
    private static final int QUOTE_WORDS = 6;

    private PatternTitle() {
    }

    /**
     * @param keywords    the pattern's keywords, most distinctive first
     * @param sampleTexts the text of its most representative conversations (user messages, one per line), nearest first
     */
    public static String of(List<String> keywords, List<String> sampleTexts) {
        List<String> openings = sampleTexts.stream().map(PatternTitle::opening).toList();
        List<Set<String>> openingTerms = openings.stream().map(o -> Set.copyOf(ClusterLabeler.terms(o))).toList();
        List<String> candidates = keywords.stream().filter(k -> k != null && !k.isBlank()).limit(6).toList();
        if (candidates.isEmpty()) {
            return quoted(openings);
        }
        // how many representative openings name each phrase; ties keep the distinctiveness order
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            order.add(i);
        }
        int[] coverage = new int[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            for (Set<String> terms : openingTerms) {
                if (terms.contains(candidates.get(i))) {
                    coverage[i]++;
                }
            }
        }
        order.sort(Comparator.<Integer>comparingInt(i -> -coverage[i]).thenComparingInt(i -> i));
        String first = candidates.get(order.get(0));
        Set<String> used = new HashSet<>(List.of(first.split(" ")));
        String second = null;
        for (int j = 1; j < order.size() && second == null; j++) {
            String c = candidates.get(order.get(j));
            boolean overlaps = List.of(c.split(" ")).stream().anyMatch(used::contains);
            // a second phrase only when typical members say it too, or it is among the most distinctive
            if (!overlaps && (coverage[order.get(j)] > 0 || order.get(j) < 3)) {
                second = c;
            }
        }
        return second == null ? sentenceCase(first) : sentenceCase(first) + SEPARATOR + second;
    }

    /** The first user message of a conversation text (one message per line), as lower-case words. */
    static String opening(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip();
        int nl = line.indexOf('\n');
        return String.join(" ", Text.words(Text.normalize(nl < 0 ? line : line.substring(0, nl))));
    }

    /** No keywords: the nearest conversation's own opening words, quoted. */
    private static String quoted(List<String> openings) {
        for (String o : openings) {
            List<String> words = List.of(o.strip().split("\\s+"));
            if (!o.isBlank()) {
                String head = String.join(" ", words.subList(0, Math.min(QUOTE_WORDS, words.size())));
                return "\u201C" + sentenceCase(head) + (words.size() > QUOTE_WORDS ? "\u2026" : "") + "\u201D";
            }
        }
        return UNTITLED;
    }

    static String sentenceCase(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
