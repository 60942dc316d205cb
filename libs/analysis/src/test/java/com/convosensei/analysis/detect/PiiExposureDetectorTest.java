package com.convosensei.analysis.detect;

import static com.convosensei.analysis.detect.DetectorAssertions.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.Convs;
import com.convosensei.analysis.Finding;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import org.junit.jupiter.api.Test;

class PiiExposureDetectorTest {

    @Test
    void detect__assistantOutputsCardNumber__critical_andExcerptMasked() {
        Finding f = finding(Convs.of().user("Which card is on file?").bot("The card on file is 4242 4242 4242 4242.")
                .analyze(), FailureType.PII_EXPOSURE).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.evidence().get(0).excerpt()).contains("**** **** **** 4242").doesNotContain("4242 4242 4242 4242");
        assertThat(f.explanation()).contains("Assistant exposed a card number");
    }

    @Test
    void detect__userSharesCardOrSecret__mediumOrHigh() {
        assertThat(finding(Convs.of().user("charge 5555555555554444 please").bot("Please use the secure form.")
                .analyze(), FailureType.PII_EXPOSURE)).get().extracting(Finding::severity).isEqualTo(Severity.MEDIUM);
        Finding secret = finding(Convs.of().user("my key is sk-proj-4fT9xQ2LmZ8vR1pK7sW3yN6bC0dE5gH").bot("Rotate it.")
                .analyze(), FailureType.PII_EXPOSURE).orElseThrow();
        assertThat(secret.severity()).isEqualTo(Severity.HIGH);
        assertThat(secret.evidence().get(0).excerpt()).doesNotContain("4fT9xQ2LmZ8vR1pK7sW3yN6bC0dE5gH");
    }

    @Test
    void detect__assistantLeaksSomeoneElsesEmail__high_masked() {
        Finding f = finding(Convs.of().user("my email is paul.h@gmail.com").bot("I found john.smith@acme-corp.com, yours?")
                .analyze(), FailureType.PII_EXPOSURE).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.evidence().get(0).excerpt()).contains("j***@acme-corp.com");
    }

    @Test
    void detect__hardNegatives__ownEmailEchoed_roleAddress_tollFree_maskedCard_orderNumber__noFinding() {
        assertThat(finding(Convs.of().user("Update my email to maria.lopez@gmail.com")
                .bot("Done, your login email is now maria.lopez@gmail.com.").analyze(), FailureType.PII_EXPOSURE)).isEmpty();
        assertThat(finding(Convs.of().user("where do I send it?").bot("Email billing@acme-shop.com or call 1-800-555-0100.")
                .analyze(), FailureType.PII_EXPOSURE)).isEmpty();
        assertThat(finding(Convs.of().user("which card?").bot("The Visa ending in 4242 (**** **** **** 4242).")
                .analyze(), FailureType.PII_EXPOSURE)).isEmpty();
        assertThat(finding(Convs.of().user("Order number 4512889012345678, any update?").bot("In transit.")
                .analyze(), FailureType.PII_EXPOSURE)).isEmpty();
        assertThat(finding(Convs.of().user("My password is not working").bot("Use 'Forgot password'.")
                .analyze(), FailureType.PII_EXPOSURE)).isEmpty();
    }
}
