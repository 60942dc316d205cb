package com.convosensei.analysis.detect;

import static com.convosensei.analysis.detect.DetectorAssertions.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.Convs;
import com.convosensei.analysis.Finding;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AbandonmentDetectorTest {

    @Test
    void detect__endedWithUnansweredQuestion__found() {
        Finding f = finding(Convs.of().user("Where's my order?").bot("It ships today.").user("Can you send the tracking link?")
                .ended().analyze(), FailureType.ABANDONMENT).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.evidence().get(0).messageId()).isEqualTo("m2");
    }

    @Test
    void detect__inactivityBeyondTimeout__countsAsOver_usingConfiguredNow() {
        Convs c = Convs.of().user("Where's my order?").bot("It ships today.").user("Can you send the tracking link?");
        AnalysisConfig soon = AnalysisConfig.defaults().withNow(c.clock().plus(Duration.ofMinutes(5)));
        AnalysisConfig later = AnalysisConfig.defaults().withNow(c.clock().plus(Duration.ofHours(2)));
        assertThat(finding(c.analyze(soon), FailureType.ABANDONMENT)).isEmpty();
        assertThat(finding(c.analyze(later), FailureType.ABANDONMENT)).isPresent();
        assertThat(finding(c.analyze(AnalysisConfig.defaults()), FailureType.ABANDONMENT)).as("no clock, not ended")
                .isEmpty();
    }

    @Test
    void detect__endedRightAfterRefusal__highSeverity() {
        Finding f = finding(Convs.of().user("Refund me now").bot("I'm sorry, but I can't process refunds.").ended()
                .analyze(), FailureType.ABANDONMENT).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.explanation()).contains("agent refusal");
    }

    @Test
    void detect__userClosedAfterFailure__orThankedAndLeft__notAbandoned() {
        assertThat(finding(Convs.of().user("Refund me now").bot("I'm sorry, but I can't process refunds.")
                .user("ok, understood, thanks").ended().analyze(), FailureType.ABANDONMENT)).isEmpty();
        assertThat(finding(Convs.of().user("Do you ship to Ireland?").bot("Yes, in 3-5 days.").user("great, thanks, bye")
                .ended().analyze(), FailureType.ABANDONMENT)).isEmpty();
    }

    @Test
    void detect__userRepliedCalmlyAfterRefusal__notAbandoned_complained__abandoned() {
        assertThat(finding(Convs.of().user("Can you change the name on my booking?")
                .bot("I'm sorry, but I can't change names on bookings.").user("I see, I'll call the front desk then")
                .ended().analyze(), FailureType.ABANDONMENT)).isEmpty();
        assertThat(finding(Convs.of().user("Can you change the name on my booking?")
                .bot("I'm sorry, but I can't change names on bookings.").user("This is useless, terrible service.")
                .ended().analyze(), FailureType.ABANDONMENT)).isPresent();
    }

    @Test
    void detect__endedWhileAssistantRepeatsItself__found_anOldRepeatAtTheEnd__not() {
        String stuck = "I can only help with opening hours and store locations.";
        assertThat(finding(Convs.of().user("Why was I charged twice?").bot(stuck).user("Two charges on my card!")
                .bot(stuck).ended().analyze(), FailureType.ABANDONMENT)).isPresent();
        assertThat(finding(Convs.of().user("Why was I charged twice?").bot(stuck).user("Where is the Leeds store?")
                .bot("The Leeds store is on Briggate, open 9 to 6.").user("Why was I charged twice?").bot(stuck)
                .ended().analyze(), FailureType.ABANDONMENT)).isEmpty();
    }
}
