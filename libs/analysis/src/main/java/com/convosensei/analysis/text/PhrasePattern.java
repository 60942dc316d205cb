package com.convosensei.analysis.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A large alternation of phrase patterns ({@code \bthis is ridiculous|\bwaste of time|...}), compiled for speed.
 * Java's regex engine tries every alternative at every position, which made our phrase lists cost tens of
 * microseconds per message. Here, alternatives that start with {@code \b} and a known first character are grouped
 * by that character and only tried, anchored, at word starts beginning with it; everything else stays in one
 * ordinary pattern. Matching is that of the original alternation, except that the earliest match wins between
 * the two parts (and among alternatives at one position, the first one listed in its first-character group).
 */
public final class PhrasePattern {

    private final Map<Character, Integer> slotOf;
    private final Pattern[] groups;
    private final Pattern rest;

    private PhrasePattern(Map<Character, Pattern> byFirstChar, Pattern rest) {
        this.slotOf = new HashMap<>();
        List<Pattern> distinct = new ArrayList<>();
        byFirstChar.forEach((c, p) -> {
            slotOf.put(c, distinct.size());
            distinct.add(p);
        });
        this.groups = distinct.toArray(Pattern[]::new);
        this.rest = rest;
    }

    public static PhrasePattern compile(String source) {
        Map<Character, List<String>> groups = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        for (String alt : flatten(source)) {
            Set<Character> first = alt.startsWith("\\b") ? firstChars(alt.substring(2)) : null;
            if (first == null) {
                others.add(alt);
            } else {
                for (char c : first) {
                    groups.computeIfAbsent(c, k -> new ArrayList<>()).add(alt.substring(2));
                }
            }
        }
        Map<Character, Pattern> compiled = new HashMap<>();
        groups.forEach((c, alts) -> compiled.put(c, Pattern.compile("(?:" + String.join("|", alts) + ")")));
        return new PhrasePattern(compiled, others.isEmpty() ? null : Pattern.compile(String.join("|", others)));
    }

    /** Top-level alternatives, with a whole-alternative group {@code \b(?:a|b)} opened into {@code \ba}, {@code \bb}. */
    static List<String> flatten(String source) {
        List<String> out = new ArrayList<>();
        for (String alt : splitTopLevel(source)) {
            if (alt.startsWith("\\b(?:") && closingParen(alt, 2) == alt.length() - 1) {
                for (String inner : splitTopLevel(alt.substring(5, alt.length() - 1))) {
                    out.add("\\b" + inner);
                }
            } else {
                out.add(alt);
            }
        }
        return out;
    }

    /** Alternatives that could not be grouped by first character (for tuning patterns). */
    public String ungrouped() {
        return rest == null ? "" : rest.pattern();
    }

    /** The earliest match at or after {@code from}, or null. */
    public MatchResult find(String text, int from) {
        MatchResult best = null;
        int n = text.length();
        Matcher[] matchers = null; // one per first-character group, created on first use
        for (int i = Math.max(0, from); i < n; i++) {
            char c = text.charAt(i);
            if (!isWord(c) || (i > 0 && isWord(text.charAt(i - 1)))) {
                continue;
            }
            Integer slot = slotOf.get(c);
            if (slot == null) {
                continue;
            }
            if (matchers == null) {
                matchers = new Matcher[groups.length];
            }
            Matcher m = matchers[slot];
            if (m == null) {
                m = groups[slot].matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                matchers[slot] = m;
            }
            m.region(i, n);
            if (m.lookingAt()) {
                best = m.toMatchResult();
                break;
            }
        }
        if (rest != null) {
            Matcher m = rest.matcher(text);
            if (m.find(Math.max(0, from)) && (best == null || m.start() < best.start())) {
                best = m.toMatchResult();
            }
        }
        return best;
    }

    public MatchResult find(String text) {
        return find(text, 0);
    }

    /** All matches in order. */
    public List<MatchResult> findAll(String text) {
        List<MatchResult> out = new ArrayList<>(2);
        int from = 0;
        while (from <= text.length()) {
            MatchResult m = find(text, from);
            if (m == null) {
                break;
            }
            out.add(m);
            from = m.end() > m.start() ? m.end() : m.end() + 1;
        }
        return out;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /**
     * The characters a match of {@code re} can start with, or null when that is not obvious (an optional start,
     * a character class, ...). Understands literals, {@code \d} and non-capturing groups of alternatives.
     */
    static Set<Character> firstChars(String re) {
        if (re.isEmpty()) {
            return null;
        }
        char c = re.charAt(0);
        if (re.startsWith("\\d")) {
            return optionalAfter(re, 2) ? null : digits();
        }
        if (re.startsWith("(?:")) {
            int close = closingParen(re, 0);
            if (close < 0 || optionalAfter(re, close + 1)) {
                return null;
            }
            Set<Character> out = new HashSet<>();
            for (String alt : splitTopLevel(re.substring(3, close))) {
                Set<Character> f = firstChars(alt);
                if (f == null) {
                    return null;
                }
                out.addAll(f);
            }
            return out;
        }
        if (Character.isLetterOrDigit(c)) {
            return optionalAfter(re, 1) ? null : Set.of(c);
        }
        return null;
    }

    private static boolean optionalAfter(String re, int i) {
        return i < re.length() && (re.charAt(i) == '?' || re.charAt(i) == '*' || re.charAt(i) == '{');
    }

    private static Set<Character> digits() {
        Set<Character> d = new HashSet<>();
        for (char x = '0'; x <= '9'; x++) {
            d.add(x);
        }
        return d;
    }

    private static int closingParen(String re, int open) {
        int depth = 0;
        boolean inClass = false;
        for (int i = open; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Splits a regex at its top-level '|' (outside groups, character classes and escapes). */
    static List<String> splitTopLevel(String re) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            switch (c) {
                case '[' -> inClass = true;
                case '(' -> depth++;
                case ')' -> depth--;
                case '|' -> {
                    if (depth == 0) {
                        out.add(re.substring(start, i));
                        start = i + 1;
                    }
                }
                default -> {
                }
            }
        }
        out.add(re.substring(start));
        return out;
    }
}
