package com.convosensei.analysis.embedding;

import java.util.ArrayList;
import java.util.List;

/** Turns text into a fixed-size vector. Implementations must be thread-safe. */
public interface TextEmbedder {

    /** Vector length. */
    int dimensions();

    /** Identifies the model (and its version), stored next to vectors so runs with different models never mix. */
    String model();

    float[] embed(String text);

    /** Embeds many texts; remote embedders override this to batch requests. Order is preserved. */
    default List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(embed(t));
        }
        return out;
    }
}
