package com.convosensei.analysis.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Small text helpers shared by sentiment, detectors and clustering. */
public final class Text {

    /** Contractions people type without the apostrophe, mapped to the spelled form the patterns expect. */
    private static final Map<String, String> CONTRACTIONS = Map.ofEntries(
            Map.entry("dont", "don't"), Map.entry("doesnt", "doesn't"), Map.entry("didnt", "didn't"),
            Map.entry("cant", "can't"), Map.entry("wont", "won't"), Map.entry("isnt", "isn't"),
            Map.entry("arent", "aren't"), Map.entry("wasnt", "wasn't"), Map.entry("werent", "weren't"),
            Map.entry("havent", "haven't"), Map.entry("hasnt", "hasn't"), Map.entry("couldnt", "couldn't"),
            Map.entry("shouldnt", "shouldn't"), Map.entry("wouldnt", "wouldn't"), Map.entry("im", "i'm"),
            Map.entry("ive", "i've"), Map.entry("youre", "you're"), Map.entry("thats", "that's"),
            Map.entry("whats", "what's"), Map.entry("aint", "ain't"),
            // chat shorthand
            Map.entry("u", "you"), Map.entry("ur", "your"), Map.entry("pls", "please"),
            Map.entry("plz", "please"), Map.entry("ppl", "people"), Map.entry("msg", "message"),
            Map.entry("rn", "right now"), Map.entry("idk", "i don't know"));

    public static final Set<String> NEGATORS = Set.of("not", "no", "never", "cannot", "nothing", "nobody", "none",
            "neither", "nor", "nowhere", "without", "hardly", "barely", "rarely", "seldom", "ain't", "nope");

    private Text() {
    }

    /** Lower-cases, straightens quotes and apostrophes, collapses whitespace. */
    public static String normalize(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\u2019', '\u2018', '\u02bc', '`' -> c = '\'';
                case '\u201c', '\u201d' -> c = '"';
                default -> {
                }
            }
            if (Character.isWhitespace(c)) {
                if (!space && b.length() > 0) {
                    b.append(' ');
                }
                space = true;
                continue;
            }
            space = false;
            b.append(Character.toLowerCase(c));
        }
        int end = b.length();
        if (end > 0 && b.charAt(end - 1) == ' ') {
            b.setLength(end - 1);
        }
        return expandShorthand(b.toString());
    }

    /** "are u serious" -> "are you serious": whole-word replacement of chat shorthand and apostrophe-less forms. */
    private static String expandShorthand(String s) {
        StringBuilder out = null;
        int n = s.length();
        int i = 0;
        int copied = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (!Character.isLetter(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && Character.isLetter(s.charAt(i))) {
                i++;
            }
            if (i - start > 8) {
                continue; // no shorthand is longer
            }
            boolean wordEnd = i == n || (s.charAt(i) != '\'' && !Character.isDigit(s.charAt(i)));
            boolean wordStart = start == 0 || (s.charAt(start - 1) != '\'' && !Character.isDigit(s.charAt(start - 1)));
            if (wordEnd && wordStart) {
                String rep = CONTRACTIONS.get(s.substring(start, i));
                if (rep != null) {
                    if (out == null) {
                        out = new StringBuilder(n + 8);
                    }
                    out.append(s, copied, start).append(rep);
                    copied = i;
                }
            }
        }
        if (out == null) {
            return s;
        }
        return out.append(s, copied, n).toString();
    }

    /** Words of a normalized text: runs of letters/digits with inner apostrophes; contractions canonicalized. */
    public static List<String> words(String normalized) {
        List<String> out = new ArrayList<>();
        int n = normalized.length();
        int i = 0;
        while (i < n) {
            char c = normalized.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                int start = i;
                while (i < n) {
                    char d = normalized.charAt(i);
                    if (Character.isLetterOrDigit(d)
                            || (d == '\'' && i + 1 < n && Character.isLetter(normalized.charAt(i + 1)) && i > start)) {
                        i++;
                    } else {
                        break;
                    }
                }
                out.add(normalized.substring(start, i)); // shorthand was already expanded by normalize()
            } else {
                i++;
            }
        }
        return out;
    }

    public static String canonical(String lowerWord) {
        String c = CONTRACTIONS.get(lowerWord);
        return c == null ? lowerWord : c;
    }

    public static boolean isNegator(String lowerWord) {
        return NEGATORS.contains(lowerWord) || lowerWord.endsWith("n't");
    }

    /** Cuts to at most {@code max} chars on a word boundary where possible, adding an ellipsis when cut. */
    public static String clip(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int cut = s.lastIndexOf(' ', max - 1);
        if (cut < max / 2) {
            cut = max - 1;
        }
        return s.substring(0, cut).stripTrailing() + "\u2026";
    }

    /** Reads a bundled UTF-8 resource, skipping blank lines and # comments. */
    public static List<String> resourceLines(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + anchor.getName());
            }
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        lines.add(line);
                    }
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String lowerRoot(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
