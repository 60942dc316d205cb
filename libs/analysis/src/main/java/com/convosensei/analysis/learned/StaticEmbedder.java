package com.convosensei.analysis.learned;

import com.convosensei.analysis.embedding.TextEmbedder;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * Sentence embeddings without running a transformer: a static table of one vector per WordPiece token, distilled
 * from all-MiniLM-L6-v2 (each token's output when it is the whole input, weighted by how rare the token is, as in
 * SIF), averaged over the message's tokens and L2-normalised. About 100x faster than the model it comes from, on
 * one core, with no native code. {@code make train} rebuilds the table ({@code StaticTableDistiller}); the table
 * is int8 with a scale per token (11 MB in memory).
 */
public final class StaticEmbedder implements TextEmbedder {

    public static final String RESOURCE = "static-minilm-l6-v2-q.bin.gz";
    public static final String MODEL_ID = "sensei-static-minilm-l6-v2-q-v1";
    /** Tokens read per message: the rest of a long message adds little to its average and costs time. */
    public static final int MAX_TOKENS = 256;
    /** The opening of a message gets its own vector: refusals and apologies are said first. */
    public static final int PREFIX_TOKENS = 24;
    private static final int MAGIC = 0x53534531;

    private static volatile StaticEmbedder shared;

    private final WordPieceTokenizer tokenizer;
    private final int dims;
    private final float[] scales;
    private final byte[] table;

    StaticEmbedder(WordPieceTokenizer tokenizer, float[] scales, byte[] table, int dims) {
        this.tokenizer = tokenizer;
        this.scales = scales;
        this.table = table;
        this.dims = dims;
    }

    public static StaticEmbedder shared() {
        StaticEmbedder s = shared;
        if (s == null) {
            synchronized (StaticEmbedder.class) {
                s = shared;
                if (s == null) {
                    s = load(WordPieceTokenizer.load());
                    shared = s;
                }
            }
        }
        return s;
    }

    static StaticEmbedder load(WordPieceTokenizer tokenizer) {
        try (InputStream raw = StaticEmbedder.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException(RESOURCE + " missing from the classpath: run `make train`");
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)));
            if (in.readInt() != MAGIC) {
                throw new IllegalStateException(RESOURCE + " is not a static embedding table");
            }
            int vocab = in.readInt();
            int dims = in.readInt();
            if (vocab != tokenizer.vocabSize()) {
                throw new IllegalStateException("table has " + vocab + " tokens, vocabulary " + tokenizer.vocabSize());
            }
            float[] scales = new float[vocab];
            for (int i = 0; i < vocab; i++) {
                scales[i] = in.readFloat();
            }
            byte[] table = new byte[vocab * dims];
            in.readFully(table);
            return new StaticEmbedder(tokenizer, scales, table, dims);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int dimensions() {
        return dims;
    }

    @Override
    public String model() {
        return MODEL_ID;
    }

    @Override
    public float[] embed(String text) {
        return embedBoth(text)[0];
    }

    /** {whole message, its first {@value #PREFIX_TOKENS} tokens}, both L2-normalised (zero vectors for no tokens). */
    public float[][] embedBoth(String text) {
        return embedTokens(tokenizer.encode(text, MAX_TOKENS));
    }

    /** {@link #embedBoth} of already tokenized text. */
    public float[][] embedTokens(int[] ids) {
        float[] whole = new float[dims];
        float[] prefix = null;
        for (int k = 0; k < ids.length; k++) {
            if (k == PREFIX_TOKENS) {
                prefix = whole.clone();
            }
            int t = ids[k];
            float s = scales[t];
            if (s == 0) {
                continue;
            }
            int off = t * dims;
            for (int d = 0; d < dims; d++) {
                whole[d] += s * table[off + d];
            }
        }
        if (prefix == null) {
            prefix = whole.clone();
        }
        normalize(whole);
        normalize(prefix);
        return new float[][]{whole, prefix};
    }

    static void normalize(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        if (n > 0) {
            float inv = (float) (1 / Math.sqrt(n));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
    }
}
