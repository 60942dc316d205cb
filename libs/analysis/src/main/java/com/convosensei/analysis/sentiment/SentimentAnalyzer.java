package com.convosensei.analysis.sentiment;

import com.convosensei.analysis.text.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lexicon sentiment in the manner of VADER (Hutto &amp; Gilbert 2014): word valences on a -4..+4 scale, adjusted
 * for negation ("not good"), boosters ("very", "slightly"), ALL-CAPS emphasis, "but" shifts and exclamation marks,
 * plus multi-word phrases of support chats ("still doesn't work", "that fixed it") and emoji; the sum is squashed
 * into [-1, 1] with VADER's compound normalisation {@code x / sqrt(x^2 + 15)}.
 *
 * <p>Thread-safe and allocation-light; use {@link #shared()}.
 */
public final class SentimentAnalyzer {

    private static final double NEGATION_SCALAR = -0.74;
    private static final double CAPS_INCREMENT = 0.733;
    private static final double EXCLAMATION_INCREMENT = 0.292;
    private static final double ALPHA = 15.0;

    private static final SentimentAnalyzer SHARED = new SentimentAnalyzer();

    private final Map<String, Double> lexicon = new HashMap<>();
    private final Map<String, Double> boosters = new HashMap<>();
    /** first token -> phrases starting with it, longest first. */
    private final Map<String, List<Phrase>> phrases = new HashMap<>();

    private record Phrase(String[] tokens, double valence, boolean selfNegated) {
    }

    /** A token: a lowercase word, an emoji, or an emoticon; {@code caps} for an ALL-CAPS word of 2+ letters. */
    private record Token(String text, boolean caps) {
    }

    private SentimentAnalyzer() {
        for (String line : Text.resourceLines(SentimentAnalyzer.class, "lexicon.tsv")) {
            String[] p = line.split("\t");
            lexicon.put(p[0], Double.parseDouble(p[1]));
        }
        for (String line : Text.resourceLines(SentimentAnalyzer.class, "boosters.tsv")) {
            String[] p = line.split("\t");
            boosters.put(p[0], Double.parseDouble(p[1]));
        }
        for (String line : Text.resourceLines(SentimentAnalyzer.class, "phrases.tsv")) {
            String[] p = line.split("\t");
            String[] toks = Text.words(Text.normalize(p[0])).toArray(String[]::new);
            boolean selfNegated = false;
            for (String t : toks) {
                selfNegated |= Text.isNegator(t);
            }
            phrases.computeIfAbsent(toks[0], k -> new ArrayList<>())
                    .add(new Phrase(toks, Double.parseDouble(p[1]), selfNegated));
        }
        phrases.values().forEach(l -> l.sort((a, b) -> b.tokens.length - a.tokens.length));
    }

    public static SentimentAnalyzer shared() {
        return SHARED;
    }

    /** Sentiment of one text in [-1, 1]; 0 for empty or neutral text. */
    public double score(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        List<Token> tokens = new ArrayList<>();
        int[] punct = tokenize(text, tokens);
        int n = tokens.size();
        if (n == 0) {
            return 0;
        }
        int capsWords = 0;
        int words = 0;
        for (Token t : tokens) {
            if (Character.isLetter(t.text.charAt(0))) {
                words++;
                if (t.caps) {
                    capsWords++;
                }
            }
        }
        // VADER only trusts caps as emphasis when the text mixes cases; a fully shouted text of 3+ words counts too.
        boolean capsEmphasis = (capsWords > 0 && capsWords < words) || capsWords >= 3;

        double[] val = new double[n];
        boolean[] consumed = new boolean[n];
        int butAt = -1;
        for (int i = 0; i < n; i++) {
            String w = tokens.get(i).text;
            if (butAt < 0 && w.equals("but")) {
                butAt = i;
            }
            if (consumed[i]) {
                continue;
            }
            Phrase ph = matchPhrase(tokens, i);
            if (ph != null) {
                double v = ph.valence;
                if (v != 0) {
                    v = boost(tokens, i, v, capsEmphasis);
                    if (!ph.selfNegated && negatedBefore(tokens, consumed, i)) {
                        v *= NEGATION_SCALAR;
                    }
                }
                val[i] = v;
                for (int k = 0; k < ph.tokens.length; k++) {
                    consumed[i + k] = true;
                }
                continue;
            }
            Double lv = lexicon.get(w);
            if (lv == null || boosters.containsKey(w) && i + 1 < n && lexicon.containsKey(tokens.get(i + 1).text)) {
                continue; // "super" / "pretty" as a booster of the next word, not a sentiment of its own
            }
            double v = lv;
            if (tokens.get(i).caps && capsEmphasis) {
                v += Math.signum(v) * CAPS_INCREMENT;
            }
            v = boost(tokens, i, v, capsEmphasis);
            if (negatedBefore(tokens, consumed, i)) {
                v *= NEGATION_SCALAR;
            }
            val[i] = v;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double v = val[i];
            if (butAt >= 0) {
                v *= i < butAt ? 0.5 : i > butAt ? 1.5 : 1;
            }
            sum += v;
        }
        if (sum != 0) {
            double emphasis = Math.min(4, punct[0]) * EXCLAMATION_INCREMENT;
            if (punct[1] > 1) {
                emphasis += Math.min(0.96, punct[1] * 0.18);
            }
            sum += Math.signum(sum) * emphasis;
        }
        double compound = sum / Math.sqrt(sum * sum + ALPHA);
        return Math.max(-1, Math.min(1, compound));
    }

    private Phrase matchPhrase(List<Token> tokens, int i) {
        List<Phrase> cands = phrases.get(tokens.get(i).text);
        if (cands == null) {
            return null;
        }
        outer:
        for (Phrase p : cands) {
            if (i + p.tokens.length > tokens.size()) {
                continue;
            }
            for (int k = 1; k < p.tokens.length; k++) {
                if (!p.tokens[k].equals(tokens.get(i + k).text)) {
                    continue outer;
                }
            }
            return p;
        }
        return null;
    }

    /** Adds booster scalars of the up to three preceding words, decaying with distance (VADER). */
    private double boost(List<Token> tokens, int i, double v, boolean capsEmphasis) {
        double[] decay = {1.0, 0.95, 0.9};
        for (int d = 1; d <= 3 && i - d >= 0; d++) {
            Token t = tokens.get(i - d);
            Double b = boosters.get(t.text);
            if (b != null) {
                double s = b * decay[d - 1];
                if (t.caps && capsEmphasis) {
                    s += Math.signum(b) * CAPS_INCREMENT;
                }
                v += Math.signum(v) * s;
            }
        }
        return v;
    }

    /** A negator among the three preceding words; words inside a matched phrase ("no problem") do not negate. */
    private static boolean negatedBefore(List<Token> tokens, boolean[] consumed, int i) {
        for (int d = 1; d <= 3 && i - d >= 0; d++) {
            if (consumed[i - d]) {
                return false;
            }
            String w = tokens.get(i - d).text;
            if (w.equals("but")) {
                return false;
            }
            if (Text.isNegator(w)) {
                return true;
            }
        }
        return false;
    }

    /** Splits into tokens; returns {exclamation marks, question marks}. */
    private static int[] tokenize(String text, List<Token> out) {
        int excl = 0;
        int quest = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            int len = Character.charCount(cp);
            if (Character.isLetterOrDigit(cp) || cp == '\'' || cp == '\u2019') {
                int start = i;
                boolean hasLower = false;
                int letters = 0;
                StringBuilder w = new StringBuilder();
                while (i < n) {
                    int c = text.codePointAt(i);
                    boolean apostrophe = (c == '\'' || c == '\u2019');
                    if (Character.isLetterOrDigit(c) || apostrophe) {
                        if (Character.isLetter(c)) {
                            letters++;
                            hasLower |= Character.isLowerCase(c);
                        }
                        w.appendCodePoint(apostrophe ? '\'' : Character.toLowerCase(c));
                        i += Character.charCount(c);
                    } else {
                        break;
                    }
                }
                String word = trimApostrophes(w.toString());
                if (!word.isEmpty()) {
                    out.add(new Token(Text.canonical(word), letters >= 2 && !hasLower));
                }
                if (i == start) {
                    i++;
                }
                continue;
            }
            if (cp == '!') {
                excl++;
            } else if (cp == '?') {
                quest++;
            } else if ((cp == ':' || cp == ';') && emoticonStart(text, i)) {
                int end = i + 1;
                if (end < n && text.charAt(end) == '-') {
                    end++;
                }
                if (end < n && ")(D/P".indexOf(text.charAt(end)) >= 0
                        && (end + 1 >= n || !Character.isLetterOrDigit(text.charAt(end + 1)))) {
                    out.add(new Token(text.substring(i, end + 1), false));
                    i = end + 1;
                    continue;
                }
            } else if (isEmoji(cp)) {
                out.add(new Token(new String(Character.toChars(cp)), false));
            }
            i += len;
        }
        return new int[] {excl, quest};
    }

    private static boolean emoticonStart(String text, int i) {
        return i == 0 || Character.isWhitespace(text.charAt(i - 1));
    }

    private static String trimApostrophes(String w) {
        int s = 0;
        int e = w.length();
        while (s < e && w.charAt(s) == '\'') {
            s++;
        }
        while (e > s && w.charAt(e - 1) == '\'') {
            e--;
        }
        return w.substring(s, e);
    }

    static boolean isEmoji(int cp) {
        if (cp == 0xFE0F || cp == 0x200D || (cp >= 0x1F3FB && cp <= 0x1F3FF)) {
            return false; // variation selector, zero-width joiner, skin tones: modifiers, not symbols
        }
        return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2B00 && cp <= 0x2BFF);
    }
}
