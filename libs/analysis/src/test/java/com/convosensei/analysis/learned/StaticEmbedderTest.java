package com.convosensei.analysis.learned;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StaticEmbedderTest {

    private static final StaticEmbedder EMBEDDER = StaticEmbedder.shared();

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void embed__has384Dimensions_andIsNamed() {
        assertThat(EMBEDDER.dimensions()).isEqualTo(384);
        assertThat(EMBEDDER.model()).isEqualTo(StaticEmbedder.MODEL_ID).isEqualTo("sensei-static-minilm-l6-v2-q-v1");
        assertThat(EMBEDDER.embed("Where is my parcel?")).hasSize(384);
    }

    @Test
    void embedBoth__wholeAndPrefix__areL2Normalised() {
        String longText = "I'm sorry, but I can't help with that request. ".repeat(8) + "Here is what you can do instead.";
        for (String text : new String[] {"ok", "Where is my parcel?", longText}) {
            float[][] both = EMBEDDER.embedBoth(text);
            assertThat(dot(both[0], both[0])).as("whole of %s", text).isCloseTo(1.0, Offset.offset(1e-4));
            assertThat(dot(both[1], both[1])).as("prefix of %s", text).isCloseTo(1.0, Offset.offset(1e-4));
        }
        float[][] both = EMBEDDER.embedBoth(longText);
        assertThat(both[0]).as("a message longer than the prefix differs from its opening").isNotEqualTo(both[1]);
        assertThat(EMBEDDER.embedBoth("Where is my parcel?")[1]).as("a short message is its own prefix")
                .isEqualTo(EMBEDDER.embedBoth("Where is my parcel?")[0]);
    }

    @Test
    void embed__isDeterministic_andSharedIsOneInstance() {
        assertThat(StaticEmbedder.shared()).isSameAs(EMBEDDER);
        float[] first = EMBEDDER.embed("The app keeps crashing when I open it");
        assertThat(EMBEDDER.embed("The app keeps crashing when I open it")).isEqualTo(first);
        assertThat(EMBEDDER.embed("the APP keeps crashing when i open it")).as("the tokenizer is uncased").isEqualTo(first);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "I need to reset my password | How do I change my password? | When will my parcel arrive?",
        "I want a refund for this order | Please give me my money back | What's the weather like today?",
        "Can I talk to a human agent? | Let me speak to a real person | I love this new phone",
        "The app keeps crashing when I open it | The application crashes on startup | Thanks, have a nice day"})
    void embed__similarSentences__areCloserThanUnrelatedOnes(String text, String similar, String unrelated) {
        float[] v = EMBEDDER.embed(text);
        assertThat(dot(v, EMBEDDER.embed(similar))).isGreaterThan(dot(v, EMBEDDER.embed(unrelated)) + 0.1);
    }

    @Test
    void embed__emptyOrWhitespaceText__isZeroVector() {
        assertThat(EMBEDDER.embed("")).hasSize(384).containsOnly(0f);
        assertThat(EMBEDDER.embed(" \n\t ")).containsOnly(0f);
        assertThat(EMBEDDER.embedBoth("")[1]).containsOnly(0f);
    }
}
