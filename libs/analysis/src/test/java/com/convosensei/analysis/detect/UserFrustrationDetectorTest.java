package com.convosensei.analysis.detect;

import static com.convosensei.analysis.detect.DetectorAssertions.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.Convs;
import com.convosensei.analysis.Finding;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import org.junit.jupiter.api.Test;

class UserFrustrationDetectorTest {

    @Test
    void detect__explicitPhrase__findsFrustrationWithEvidence() {
        Finding f = finding(Convs.of().user("My order is late").bot("It ships tomorrow.")
                .user("This is a waste of my time.").bot("Sorry!").analyze(), FailureType.USER_FRUSTRATION).orElseThrow();
        assertThat(f.evidence()).extracting(e -> e.messageId()).containsExactly("m2");
        assertThat(f.explanation()).contains("message 3").contains("waste of my time");
        assertThat(f.fingerprint()).startsWith("user_frustration:");
    }

    @Test
    void detect__shoutingWithPhrase__isHighSeverity() {
        Finding f = finding(Convs.of().user("Where is my refund").bot("Processing.")
                .user("THIS IS RIDICULOUS, I WANT MY MONEY").bot("Sorry.").analyze(), FailureType.USER_FRUSTRATION)
                .orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void detect__failedFixThenPlainComplaint__findsFrustration() {
        assertThat(finding(Convs.of().user("Can you fix my login?").bot("Try resetting the password.")
                .user("That didn't help. This is bad.").bot("Try clearing cookies.")
                .user("Awful, I hate this, it is still broken").bot("Sorry.").analyze(), FailureType.USER_FRUSTRATION))
                .isPresent();
    }

    @Test
    void detect__twoCorrections__explanationCountsAndQuotesThem() {
        Finding f = finding(Convs.of().user("Table for two on Friday please").bot("Booked for Saturday.")
                .user("No, I said Friday.").bot("Booked for Saturday at 8.")
                .user("That's wrong, Friday!").bot("Sorry.").analyze(), FailureType.USER_FRUSTRATION).orElseThrow();
        assertThat(f.explanation()).startsWith("User corrected the assistant twice (messages 3, 5: \"no, i said friday\"");
        assertThat(f.evidence()).extracting(e -> e.messageId()).containsExactly("m2", "m4");
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void detect__oneClearComplaint__isLowSeverity_repeatedComplaints__areHigh() {
        Finding once = finding(Convs.of().user("Where is my parcel?").bot("Parcels usually arrive in 3 days.")
                .user("That's not what I asked.").analyze(), FailureType.USER_FRUSTRATION).orElseThrow();
        assertThat(once.severity()).isEqualTo(Severity.LOW);
        Finding often = finding(Convs.of().user("Where is my parcel?").bot("Parcels usually arrive in 3 days.")
                .user("That's not what I asked.").bot("Parcels usually arrive in 3 days.")
                .user("I already told you, I want to know where MY parcel is.").bot("Parcels arrive in 3 days.")
                .user("You're not listening. Let me talk to a supervisor.").analyze(), FailureType.USER_FRUSTRATION)
                .orElseThrow();
        assertThat(often.severity()).isEqualTo(Severity.HIGH);
        assertThat(often.explanation()).contains("said they had already told the assistant (message 5");
    }

    @Test
    void detect__impatienceAndManager__findFrustration() {
        assertThat(finding(Convs.of().user("Is my refund done?").bot("Checking.").user("hurry up please")
                .analyze(), FailureType.USER_FRUSTRATION)).isPresent();
        assertThat(finding(Convs.of().user("My bill is wrong").bot("Bills are sent monthly.")
                .user("Put me through to your manager.").analyze(), FailureType.USER_FRUSTRATION)).isPresent();
    }

    @Test
    void detect__negativeOpinionAboutTheTopic__isNotFrustration() {
        assertThat(finding(Convs.of().user("Have you seen the new superhero film?").bot("Not yet, was it good?")
                .user("It was awful, a total waste of time, the ending was ridiculous and I'm angry I paid for it.")
                .bot("Sorry to hear that!").user("The sequel is even worse, I hate this franchise.").analyze(),
                FailureType.USER_FRUSTRATION)).isEmpty();
    }

    @Test
    void detect__routineNoAndOwnChangeOfMind__isNotFrustration() {
        assertThat(finding(Convs.of().user("Book a cab at 6 pm").bot("Please confirm: a cab at 6 pm.")
                .user("No, make it 7 pm instead.").bot("Booked for 7 pm. Anything else?").user("No, that's all.")
                .analyze(), FailureType.USER_FRUSTRATION)).isEmpty();
    }

    @Test
    void detect__wrongInTheOpeningMessage__isTheUsersProblemNotACorrection() {
        assertThat(finding(Convs.of().user("That's wrong, you sent me the wrong size").bot("Sorry, a new one is on the way.")
                .user("Great, thanks").analyze(), FailureType.USER_FRUSTRATION)).isEmpty();
    }

    @Test
    void detect__exasperationOrOneInsultAlone__isNotEnough() {
        assertThat(finding(Convs.of().user("Hi").bot("Hello! How are you?").user("ugh, I'm so annoyed, wtf")
                .analyze(), FailureType.USER_FRUSTRATION)).isEmpty();
        assertThat(finding(Convs.of().user("Tell me a joke").bot("Why did the chicken cross the road?")
                .user("you're a dumb bot lol").bot("I'm learning!").user("haha ok").analyze(),
                FailureType.USER_FRUSTRATION)).isEmpty();
    }

    @Test
    void detect__shoutedNo__countsWithACorrection() {
        Finding f = finding(Convs.of().user("Set an alarm for 6 am").bot("Alarm set for 6 pm.").user("NO")
                .bot("Alarm set for 6 pm.").user("Still wrong.").analyze(), FailureType.USER_FRUSTRATION).orElseThrow();
        assertThat(f.explanation()).contains("shouted (message 3)");
    }

    @Test
    void detect__negativeOpeningOnly__isNotFrustration() {
        assertThat(finding(Convs.of().user("My parcel arrived damaged and I'm worried, it was a gift")
                .bot("Sorry! A replacement is on its way.").user("Oh great, thank you!").analyze(),
                FailureType.USER_FRUSTRATION)).isEmpty();
    }

    @Test
    void detect__hardNegatives__politeOrHappyEmphasis__noFinding() {
        assertThat(finding(Convs.of().user("Can you resend the invoice?").bot("Done.").user("no problem, thanks")
                .analyze(), FailureType.USER_FRUSTRATION)).isEmpty();
        assertThat(finding(Convs.of().user("Is it shipping?").bot("Yes, today.").user("Thanks!!! I can't wait to try it")
                .analyze(), FailureType.USER_FRUSTRATION)).isEmpty();
        assertThat(finding(Convs.of().user("Why was it returned? I'm not angry, just curious.").bot("No one was home.")
                .user("ok thanks").analyze(), FailureType.USER_FRUSTRATION)).isEmpty();
    }

    @Test
    void detect__acronymsInCaps__areNotShouting() {
        assertThat(finding(Convs.of().user("Does the API support CSV and JSON export via SDK?").bot("Yes.")
                .user("And PDF over HTTPS?").bot("Yes.").analyze(), FailureType.USER_FRUSTRATION)).isEmpty();
    }
}
