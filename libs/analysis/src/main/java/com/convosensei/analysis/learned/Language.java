package com.convosensei.analysis.learned;

import java.util.List;
import java.util.Set;

/**
 * Is a message English enough for the English-only model? Function words are the cheapest reliable signal: real
 * English of five words or more almost always has 15 % or more of them (words that are function words in German,
 * Dutch or French too, such as "am", "was", "will" and "so", are left out). Short messages ("ok", "7 pm") count as English.
 */
public final class Language {
    private static final Set<String> FUNCTION_WORDS = Set.of("the", "a", "an", "and", "or", "but", "to", "of", "in",
            "on", "at", "for", "with", "is", "are", "were", "be", "been", "it", "its", "this", "that", "i",
            "you", "he", "she", "we", "they", "me", "my", "your", "our", "their", "not", "no", "do", "does", "did",
            "have", "has", "had", "can", "could", "would", "should", "what", "how", "why", "when", "where",
            "who", "which", "there", "here", "if", "as", "from", "by", "about", "please", "all", "any", "some",
            "im", "i'm", "it's", "don't", "can't", "just", "like", "get", "want", "need", "know", "yes", "hi");

    private Language() {
    }

    public static boolean isEnglish(List<String> words) {
        int letters = 0;
        int function = 0;
        for (String w : words) {
            if (!w.isEmpty() && Character.isLetter(w.charAt(0))) {
                letters++;
                if (FUNCTION_WORDS.contains(w)) {
                    function++;
                }
            }
        }
        return letters < 5 || function * 100 >= 15 * letters;
    }
}
