package com.convosensei.analysis.learned;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * BERT's uncased tokenizer (the one all-MiniLM-L6-v2 was trained with), in plain Java so the analysis needs no
 * native library: clean and lower-case the text, strip accents, split on whitespace and punctuation (CJK
 * characters stand alone), then greedy longest-match WordPiece against {@code vocab.txt} (ids are line numbers).
 * {@code TokenizerParityTest} checks it gives the same ids as the Hugging Face tokenizer shipped with the model.
 */
public final class WordPieceTokenizer {

    public static final int PAD = 0;
    public static final int UNK = 100;
    public static final int CLS = 101;
    public static final int SEP = 102;
    private static final int MAX_WORD_CHARS = 100;

    private final Map<String, Integer> words = new HashMap<>();
    private final Map<String, Integer> pieces = new HashMap<>();
    private final String[] vocab;

    WordPieceTokenizer(InputStream vocabTxt) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(vocabTxt, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        vocab = lines.toArray(String[]::new);
        for (int i = 0; i < vocab.length; i++) {
            String v = vocab[i];
            if (v.startsWith("##")) {
                pieces.put(v.substring(2), i);
            } else {
                words.put(v, i);
            }
        }
    }

    public static WordPieceTokenizer load() {
        InputStream in = WordPieceTokenizer.class.getResourceAsStream("vocab.txt");
        if (in == null) {
            throw new IllegalStateException("vocab.txt missing from the classpath");
        }
        return new WordPieceTokenizer(in);
    }

    public int vocabSize() {
        return vocab.length;
    }

    public String token(int id) {
        return vocab[id];
    }

    /** Token ids of {@code text} without [CLS]/[SEP], at most {@code max} of them (the rest is cut off). */
    public int[] encode(String text, int max) {
        int[] out = new int[16];
        int n = 0;
        int[] word = new int[MAX_WORD_CHARS];
        String norm = normalize(text);
        int len = norm.length();
        int i = 0;
        while (i < len && n < max) {
            char c = norm.charAt(i);
            if (c == ' ') {
                i++;
                continue;
            }
            int end = i + 1;
            if (!isPunctuation(c)) {
                while (end < len && norm.charAt(end) != ' ' && !isPunctuation(norm.charAt(end))) {
                    end++;
                }
            }
            int k = wordPiece(norm, i, end, word);
            for (int j = 0; j < k && n < max; j++) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = word[j];
            }
            i = end;
        }
        return Arrays.copyOf(out, n);
    }

    /** Greedy longest-match-first pieces of {@code s[from, to)} into {@code out}; a word with an unknown piece is one [UNK]. */
    private int wordPiece(String s, int from, int to, int[] out) {
        if (to - from > MAX_WORD_CHARS) {
            out[0] = UNK;
            return 1;
        }
        int n = 0;
        int start = from;
        while (start < to) {
            int end = to;
            Integer id = null;
            while (start < end) {
                String sub = s.substring(start, end);
                id = start == from ? words.get(sub) : pieces.get(sub);
                if (id != null) {
                    break;
                }
                end--;
            }
            if (id == null) {
                out[0] = UNK;
                return 1;
            }
            out[n++] = id;
            start = end;
        }
        return n;
    }

    /**
     * BertNormalizer: drop control characters (every Unicode "Other": Cc, Cf, Co, Cn, as Hugging Face does, so
     * zero-width spaces and soft hyphens vanish), whitespace to spaces, space around CJK, lower-case per code point
     * (no final-sigma rule, as Rust's char::to_lowercase), strip accents.
     */
    static String normalize(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        boolean ascii = true;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c > 127) {
                ascii = false;
            }
            if (c == 0 || c == 0xFFFD || isControl(c)) {
                continue;
            }
            if (Character.isWhitespace(c) || Character.getType(c) == Character.SPACE_SEPARATOR) {
                b.append(' ');
            } else if (isCjk(c)) {
                b.append(' ').appendCodePoint(c).append(' ');
            } else {
                b.appendCodePoint(Character.toLowerCase(c));
            }
        }
        String s = b.toString();
        if (ascii) {
            return s;
        }
        String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(nfd.length());
        for (int i = 0; i < nfd.length(); i++) {
            char c = nfd.charAt(i);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        int t = Character.getType(c);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE
                || t == Character.UNASSIGNED;
    }

    static boolean isPunctuation(char c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        if (c < 128) {
            return false;
        }
        int t = Character.getType(c);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    private static boolean isCjk(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF)
                || (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF)
                || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
