package com.convosensei.analysis.detect;

import static com.convosensei.analysis.detect.DetectorAssertions.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.Convs;
import com.convosensei.analysis.Finding;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NegativeFeedbackDetectorTest {

    @Test
    void detect__negativeSignals__found() {
        for (Map<String, Object> md : List.<Map<String, Object>>of(Map.of("thumbs", "down"), Map.of("feedback", "negative"),
                Map.of("rating", 2), Map.of("rating", "1", "rating_scale", 5), Map.of("thumbs_down", true),
                Map.of("feedback", Map.of("type", "negative", "comment", "useless")), Map.of("score", 0.2),
                Map.of("nps", 3), Map.of("helpful", false), Map.of("rating", 3, "rating_scale", 10))) {
            assertThat(finding(Convs.of().user("hi").bot("hello").metadata(md).analyze(), FailureType.NEGATIVE_FEEDBACK))
                    .as(md.toString()).isPresent();
        }
    }

    @Test
    void detect__positiveOrNeutralSignals__notFound() {
        for (Map<String, Object> md : List.<Map<String, Object>>of(Map.of("thumbs", "up"), Map.of("feedback", "positive"),
                Map.of("rating", 4), Map.of("rating", 5), Map.of("nps", 9), Map.of("score", 0.9),
                Map.of("type", "negative"), Map.of("helpful", true))) {
            assertThat(finding(Convs.of().user("hi").bot("hello").metadata(md).analyze(), FailureType.NEGATIVE_FEEDBACK))
                    .as(md.toString()).isEmpty();
        }
    }

    @Test
    void detect__messageLevelThumbsDownWithComment__evidencePointsAtMessage() {
        Finding f = finding(Convs.of().user("hi").bot("hello", Map.of("thumbs", "down", "comment", "didn't answer"))
                .analyze(), FailureType.NEGATIVE_FEEDBACK).orElseThrow();
        assertThat(f.evidence().get(0).messageId()).isEqualTo("m1");
        assertThat(f.evidence().get(0).excerpt()).contains("didn't answer");
    }

    @Test
    void detect__lowestRating__high() {
        assertThat(finding(Convs.of().user("hi").bot("hello").metadata(Map.of("rating", 1)).analyze(),
                FailureType.NEGATIVE_FEEDBACK)).get().extracting(Finding::severity).isEqualTo(Severity.HIGH);
    }

    @Test
    void detect__explicitThumbsDownOnAMessage__anchoredThere_withTheCommentAsEvidence() {
        Finding f = finding(Convs.of().user("Where is my order?").bot("Our store opens at 9.")
                .thumbs("m1", -1, "did not answer my question").analyze(), FailureType.NEGATIVE_FEEDBACK).orElseThrow();
        assertThat(f.confidence()).isEqualTo(0.99);
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.evidence()).hasSize(1);
        assertThat(f.evidence().get(0).messageId()).isEqualTo("m1");
        assertThat(f.evidence().get(0).messageIndex()).isEqualTo(1);
        assertThat(f.evidence().get(0).excerpt())
                .startsWith("User thumbs down \u2014 \"did not answer my question\" on: Our store opens at 9.");
        assertThat(f.explanation()).contains("thumbs down on");
    }

    @Test
    void detect__explicitFeedbackOnUnknownMessageOrConversation__anchoredOnTheConversation() {
        Finding f = finding(Convs.of().user("hi").bot("hello").rating("not-a-message", 1, "awful").analyze(),
                FailureType.NEGATIVE_FEEDBACK).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH); // 1 of 5
        assertThat(f.evidence().get(0).messageId()).isNull();
        assertThat(f.evidence().get(0).excerpt()).isEqualTo("User rating 1 of 5 \u2014 \"awful\" (on the conversation)");
        Finding onConversation = finding(Convs.of().user("hi").bot("hello").thumbs(null, -1, null).analyze(),
                FailureType.NEGATIVE_FEEDBACK).orElseThrow();
        assertThat(onConversation.fingerprint()).isEqualTo(f.fingerprint());
    }

    @Test
    void detect__explicitPositiveOrNeutral__notFound() {
        assertThat(finding(Convs.of().user("hi").bot("hello").thumbs("m1", 1, "great").rating(null, 3, "ok")
                .rating("m1", 4, null).analyze(), FailureType.NEGATIVE_FEEDBACK)).isEmpty();
    }

    @Test
    void detect__explicitAndMetadataTogether__oneFinding_highWhenThreeNegative() {
        Finding f = finding(Convs.of().user("hi").bot("hello", Map.of("thumbs", "down")).thumbs("m1", -1, "no")
                .rating(null, 2, "meh").analyze(), FailureType.NEGATIVE_FEEDBACK).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.evidence()).hasSize(3);
    }
}
