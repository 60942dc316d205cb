package com.convosensei.analysis.learned;

/**
 * The feature vectors the heads read, built the same way at training and at run time. A message is its whole
 * embedding followed by the embedding of its opening; a reply in context adds the user turn it answers, their
 * element-wise product and their cosine (how much the reply is about what was said).
 */
public final class Features {
    private Features() {
    }

    /** [whole | prefix]: 2 x dims. */
    public static float[] message(float[][] both) {
        float[] x = new float[both[0].length * 2];
        System.arraycopy(both[0], 0, x, 0, both[0].length);
        System.arraycopy(both[1], 0, x, both[0].length, both[1].length);
        return x;
    }

    /** [message | lexicon sentiment]: 2 x dims + 1. */
    public static float[] messageWithLexicon(float[][] both, double lexicon) {
        float[] m = message(both);
        float[] x = java.util.Arrays.copyOf(m, m.length + 1);
        x[m.length] = (float) lexicon;
        return x;
    }

    /** [reply | context | reply * context | cosine]: 3 x dims + 1; a zero context when nothing came before. */
    public static float[] replyInContext(float[] reply, float[] context) {
        int d = reply.length;
        float[] x = new float[3 * d + 1];
        double cos = 0;
        for (int i = 0; i < d; i++) {
            x[i] = reply[i];
            x[d + i] = context[i];
            x[2 * d + i] = reply[i] * context[i] * d; // scaled so the products are on the scale of the others
            cos += reply[i] * context[i];
        }
        x[3 * d] = (float) cos;
        return x;
    }
}
