package com.convosensei.analysis.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HashingTextEmbedderTest {

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void embed__isL2Normalised_deterministic_andSized() {
        HashingTextEmbedder e = new HashingTextEmbedder();
        float[] v = e.embed("How do I reset my password?");
        assertThat(v).hasSize(512);
        assertThat(dot(v, v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(new HashingTextEmbedder().embed("How do I reset my password?")).isEqualTo(v);
        assertThat(e.dimensions()).isEqualTo(512);
        assertThat(e.model()).isEqualTo("hashing-tfidf-512-v1");
    }

    @Test
    void embed__emptyOrStopwordsOnly__isZeroVector() {
        assertThat(new HashingTextEmbedder().embed("")).containsOnly(0f);
        assertThat(new HashingTextEmbedder().embed("the and of")).containsOnly(0f);
    }

    @Test
    void embed__similarTextsAreCloserThanUnrelatedOnes() {
        HashingTextEmbedder e = new HashingTextEmbedder().fit(List.of("reset my password", "forgot password reset link",
                "refund for my order", "where is my parcel", "password reset email missing"));
        float[] a = e.embed("I need to reset my password");
        float[] b = e.embed("password reset link not working");
        float[] c = e.embed("my parcel has not arrived");
        assertThat(dot(a, b)).isGreaterThan(dot(a, c) + 0.2);
    }

    @Test
    void fit__downweightsTermsThatAreEverywhere() {
        List<String> corpus = List.of("order refund", "order parcel", "order invoice", "order password");
        HashingTextEmbedder fitted = new HashingTextEmbedder().fit(corpus);
        assertThat(fitted.fitted()).isTrue();
        float[] v = fitted.embed("order refund");
        // "refund" (rare) must outweigh "order" (in every document)
        float[] refundOnly = fitted.embed("refund");
        float[] orderOnly = fitted.embed("order");
        assertThat(dot(v, refundOnly)).isGreaterThan(dot(v, orderOnly));
    }
}
