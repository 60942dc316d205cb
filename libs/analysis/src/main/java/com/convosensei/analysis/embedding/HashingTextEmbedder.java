package com.convosensei.analysis.embedding;

import com.convosensei.analysis.text.Similarity;
import com.convosensei.analysis.text.Text;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A local embedder that needs no model and no network: word unigrams and bigrams (stopwords dropped, lightly
 * stemmed) are feature-hashed into {@code dimensions} buckets with a sign bit (so collisions cancel rather than
 * pile up), weighted by sublinear term frequency {@code 1 + ln(tf)} times IDF, and L2-normalised.
 *
 * <p>Unfitted, every term has IDF 1. {@link #fit(Collection)} learns IDF from a corpus and returns a new embedder
 * (this one is immutable); terms unseen in the corpus get the maximum IDF.
 */
public final class HashingTextEmbedder implements TextEmbedder {

    public static final int DEFAULT_DIMENSIONS = 512;

    private final int dimensions;
    private final Map<String, Float> idf;
    private final float unseenIdf;

    public HashingTextEmbedder() {
        this(DEFAULT_DIMENSIONS);
    }

    public HashingTextEmbedder(int dimensions) {
        this(dimensions, Map.of(), 1f);
    }

    private HashingTextEmbedder(int dimensions, Map<String, Float> idf, float unseenIdf) {
        if (dimensions < 8) {
            throw new IllegalArgumentException("dimensions must be >= 8");
        }
        this.dimensions = dimensions;
        this.idf = idf;
        this.unseenIdf = unseenIdf;
    }

    /** A copy with IDF learned from {@code corpus}: {@code ln((1 + n) / (1 + df)) + 1} (smoothed, as scikit-learn). */
    public HashingTextEmbedder fit(Collection<String> corpus) {
        Map<String, Integer> df = new HashMap<>();
        for (String doc : corpus) {
            Set<String> seen = new HashSet<>(terms(doc));
            for (String t : seen) {
                df.merge(t, 1, Integer::sum);
            }
        }
        int n = corpus.size();
        Map<String, Float> learned = new HashMap<>(df.size() * 2);
        df.forEach((t, d) -> learned.put(t, (float) (Math.log((1.0 + n) / (1.0 + d)) + 1.0)));
        return new HashingTextEmbedder(dimensions, learned, (float) (Math.log(1.0 + n) + 1.0));
    }

    public boolean fitted() {
        return !idf.isEmpty();
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public String model() {
        return "hashing-tfidf-" + dimensions + "-v1";
    }

    @Override
    public float[] embed(String text) {
        float[] v = new float[dimensions];
        List<String> terms = terms(text);
        if (terms.isEmpty()) {
            return v;
        }
        Map<String, Integer> tf = new HashMap<>();
        for (String t : terms) {
            tf.merge(t, 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : tf.entrySet()) {
            String term = e.getKey();
            float weight = (float) (1.0 + Math.log(e.getValue()));
            if (!idf.isEmpty()) {
                weight *= idf.getOrDefault(term, unseenIdf);
            }
            int h = murmur3(term);
            int bucket = Math.floorMod(h, dimensions);
            v[bucket] += (h & 0x40000000) != 0 ? weight : -weight; // a hash bit unrelated to the bucket picks the sign
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm > 0) {
            float inv = (float) (1.0 / Math.sqrt(norm));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    /** Content unigrams plus bigrams of adjacent content words. */
    public static List<String> terms(String text) {
        List<String> words = Text.words(Text.normalize(text));
        List<String> content = new java.util.ArrayList<>(words.size());
        for (String w : words) {
            if (w.length() > 1 && !Similarity.isStopword(w) && !isNumber(w)) {
                content.add(Similarity.stem(w));
            }
        }
        List<String> out = new java.util.ArrayList<>(content.size() * 2);
        out.addAll(content);
        for (int i = 0; i + 1 < content.size(); i++) {
            out.add(content.get(i) + " " + content.get(i + 1));
        }
        return out;
    }

    private static boolean isNumber(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (!Character.isDigit(w.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** MurmurHash3 x86 32-bit of the UTF-8 bytes: stable across JVMs and runs (unlike String.hashCode spreads). */
    static int murmur3(String s) {
        byte[] data = s.getBytes(StandardCharsets.UTF_8);
        int h = 0x9747b28c;
        int len = data.length;
        int i = 0;
        while (i + 4 <= len) {
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | (data[i + 3] & 0xff) << 24;
            k *= 0xcc9e2d51;
            k = Integer.rotateLeft(k, 15);
            k *= 0x1b873593;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
            i += 4;
        }
        int k = 0;
        switch (len - i) {
            case 3:
                k ^= (data[i + 2] & 0xff) << 16;
            case 2:
                k ^= (data[i + 1] & 0xff) << 8;
            case 1:
                k ^= data[i] & 0xff;
                k *= 0xcc9e2d51;
                k = Integer.rotateLeft(k, 15);
                k *= 0x1b873593;
                h ^= k;
            default:
                break;
        }
        h ^= len;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
