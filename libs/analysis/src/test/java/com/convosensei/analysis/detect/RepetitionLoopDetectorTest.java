package com.convosensei.analysis.detect;

import static com.convosensei.analysis.detect.DetectorAssertions.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.Convs;
import com.convosensei.analysis.Finding;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import org.junit.jupiter.api.Test;

class RepetitionLoopDetectorTest {

    @Test
    void detect__assistantRepeatsNearIdenticalAnswer__found() {
        Finding f = finding(Convs.of().user("How do I get a refund for order 5512?")
                .bot("I'm sorry, I didn't quite understand that. Could you rephrase your question?")
                .user("A refund. For my order.")
                .bot("Sorry, I didn't understand that. Could you please rephrase your question?")
                .analyze(), FailureType.REPETITION_LOOP).orElseThrow();
        assertThat(f.evidence()).extracting(e -> e.messageId()).contains("m1", "m3");
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void detect__sameAnswerThreeTimes__highSeverity() {
        String a = "You can find more information about this in our Help Center.";
        Finding f = finding(Convs.of().user("q1 about billing").bot(a).user("no, my invoice").bot(a)
                .user("my INVOICE").bot(a).analyze(), FailureType.REPETITION_LOOP).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void detect__userAsksSameQuestionThreeTimes_repliesIgnoreIt__found() {
        assertThat(finding(Convs.of().user("How do I change the delivery address for my order?")
                .bot("Our plans start at $9 per month.").user("I need to change the delivery address on my order")
                .bot("We're available 24/7.").user("Where can I change my order's delivery address?")
                .bot("Many customers like our guide.").analyze(), FailureType.REPETITION_LOOP)).isPresent();
    }

    @Test
    void detect__sameTopicFollowUpsThatGetAnswered__notALoop() {
        assertThat(finding(Convs.of().user("How do I cancel my subscription?")
                .bot("Go to Billing > Plan and click 'Cancel subscription'.")
                .user("Will I get a refund if I cancel my subscription now?")
                .bot("You keep access until the end of the period; unused months aren't refunded.")
                .user("When does my subscription end after I cancel?").bot("On the 14th.")
                .analyze(), FailureType.REPETITION_LOOP)).isEmpty();
    }

    @Test
    void detect__similarlyStructuredButDifferentAnswers__notALoop() {
        assertThat(finding(Convs.of().user("How do I change my billing email?")
                .bot("Go to Settings > Billing, click Edit next to the billing email and save.")
                .user("And my company address?")
                .bot("Go to Settings > Company, click Edit next to the address and save.")
                .analyze(), FailureType.REPETITION_LOOP)).isEmpty();
    }

    @Test
    void detect__shortRepeatedPleasantries__ignored() {
        assertThat(finding(Convs.of().user("thanks").bot("You're welcome!").user("bye").bot("You're welcome!")
                .analyze(), FailureType.REPETITION_LOOP)).isEmpty();
    }
}
