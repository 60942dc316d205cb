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
    void detect__repeatedNegativeSentimentWithoutPhrases__findsFrustration() {
        assertThat(finding(Convs.of().user("Can you fix my login?").bot("Try resetting the password.")
                .user("That didn't help. This is bad.").bot("Try clearing cookies.")
                .user("Awful, I hate this, it is still broken").bot("Sorry.").analyze(), FailureType.USER_FRUSTRATION))
                .isPresent();
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
