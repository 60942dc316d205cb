package com.convosensei.analysis.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatternTitleTest {

    @Test
    void title__prefersThePhrasesTheTypicalMembersOpenWith_inSentenceCase() {
        List<String> keywords = List.of("invoice", "refund request", "order status", "tracking");
        List<String> samples = List.of(
                "I'd like to make a refund request, the order status says delivered\nthanks",
                "Refund request please: order status never changed",
                "Where is my refund request? invoice attached");
        assertThat(PatternTitle.of(keywords, samples)).isEqualTo("Refund request \u00b7 order status");
    }

    @Test
    void title__withoutMatchingOpenings_keepsTheMostDistinctiveTwo_withoutRepeatingWords() {
        assertThat(PatternTitle.of(List.of("password reset", "reset", "login"), List.of("hello", "hi")))
                .isEqualTo("Password reset \u00b7 login");
        assertThat(PatternTitle.of(List.of("billing"), List.of())).isEqualTo("Billing");
    }

    @Test
    void title__noKeywords_quotesTheNearestConversationsOpening_orSaysOther() {
        assertThat(PatternTitle.of(List.of(), List.of("", "how do i cancel my subscription right now please")))
                .isEqualTo("\u201CHow do i cancel my subscription\u2026\u201D");
        assertThat(PatternTitle.of(List.of(), List.of())).isEqualTo(PatternTitle.UNTITLED);
    }

    @Test
    void title__neverContainsTheKeywordLabelSeparatorOrAnId() {
        String title = PatternTitle.of(List.of("delivery delayed", "customs"), List.of("my delivery delayed at customs"));
        assertThat(title).doesNotContain(" / ").isEqualTo("Delivery delayed \u00b7 customs");
    }
}
