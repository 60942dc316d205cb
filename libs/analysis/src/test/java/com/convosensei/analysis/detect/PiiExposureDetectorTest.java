package com.convosensei.analysis.detect;

import static com.convosensei.analysis.detect.DetectorAssertions.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.Convs;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.pii.PiiKind;
import com.convosensei.analysis.pii.PiiTokens;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.EnumSet;
import java.util.Set;
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

    /** Intake replaces cards (and IBANs, national ids...) by tokens; the leak must still be found, with who did it. */
    @Test
    void detect__redactedAtIntake__tokensStillFound_withTypeAndDiscloser() {
        PiiTokens tokens = new PiiTokens("test-secret");
        Set<PiiKind> kinds = EnumSet.of(PiiKind.CARD, PiiKind.IBAN, PiiKind.SSN, PiiKind.EMAIL);
        Finding assistant = finding(Convs.of().user("Which card is on file?")
                .bot(tokens.redact("The card on file is 4242 4242 4242 4242.", kinds)).analyze(),
                FailureType.PII_EXPOSURE).orElseThrow();
        assertThat(assistant.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(assistant.explanation()).isEqualTo("Assistant exposed a card number (message 2).");
        assertThat(assistant.evidence().get(0).excerpt()).contains("[card:");

        Finding user = finding(Convs.of().user(tokens.redact("charge 5555555555554444 please", kinds))
                .bot("Please use the secure form.").analyze(), FailureType.PII_EXPOSURE).orElseThrow();
        assertThat(user.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(user.explanation()).isEqualTo("User shared a card number (message 1).");

        // the assistant repeating the user's own card is an echo (high), as with the clear number: same value, same token
        Finding echo = finding(Convs.of().user(tokens.redact("my card 4242424242424242", kinds))
                .bot(tokens.redact("Charging 4242 4242 4242 4242 now.", kinds)).analyze(), FailureType.PII_EXPOSURE)
                .orElseThrow();
        assertThat(echo.severity()).isEqualTo(Severity.HIGH);

        Finding email = finding(Convs.of().user("who else ordered?")
                .bot(tokens.redact("I found john.smith@acme-corp.com, yours?", kinds)).analyze(),
                FailureType.PII_EXPOSURE).orElseThrow();
        assertThat(email.severity()).isEqualTo(Severity.HIGH);
        assertThat(email.explanation()).contains("Assistant exposed an email address");
    }

    @Test
    void detect__assistantLeaksSomeoneElsesEmail__high_masked() {
        Finding f = finding(Convs.of().user("my email is paul.h@gmail.com").bot("I found john.smith@acme-corp.com, yours?")
                .analyze(), FailureType.PII_EXPOSURE).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.evidence().get(0).excerpt()).contains("j***@acme-corp.com");
    }

    @Test
    void detect__hardNegatives__roleAddress_tollFree_maskedCard_orderNumber__noFinding() {
        assertThat(finding(Convs.of().user("where do I send it?").bot("Email billing@acme-shop.com or call 1-800-555-0100.")
                .analyze(), FailureType.PII_EXPOSURE)).isEmpty();
        assertThat(finding(Convs.of().user("which card?").bot("The Visa ending in 4242 (**** **** **** 4242).")
                .analyze(), FailureType.PII_EXPOSURE)).isEmpty();
        assertThat(finding(Convs.of().user("Order number 4512889012345678, any update?").bot("In transit.")
                .analyze(), FailureType.PII_EXPOSURE)).isEmpty();
        assertThat(finding(Convs.of().user("My password is not working").bot("Use 'Forgot password'.")
                .analyze(), FailureType.PII_EXPOSURE)).isEmpty();
    }

    @Test
    void detect__userTypesOwnContactDetails__lowFinding_echoByAssistantAddsNothing() {
        Finding f = finding(Convs.of().user("Please switch my login to tom.berger@outlook.com")
                .bot("Done, your login is now tom.berger@outlook.com.").analyze(), FailureType.PII_EXPOSURE)
                .orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.LOW);
        assertThat(f.explanation()).isEqualTo("User shared an email address (message 1).");
        assertThat(finding(Convs.of().user("Deliver it to 48 Orchard Road, Apt 3B please").bot("Will do.").analyze(),
                FailureType.PII_EXPOSURE)).get().extracting(Finding::severity).isEqualTo(Severity.LOW);
    }

    @Test
    void detect__userTypesLicenceOrIban__medium() {
        Finding f = finding(Convs.of().user("my driver's license number is K4402-1187-55 if you need it")
                .bot("Thanks, noted.").analyze(), FailureType.PII_EXPOSURE).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.explanation()).contains("a driving licence number");
        assertThat(f.evidence().get(0).excerpt()).doesNotContain("4402-1187");
    }

    @Test
    void detect__assistantGivesBusinessContactDetails__noFinding() {
        assertThat(finding(Convs.of().user("Book a table for two at Luigi's tonight at 8")
                .bot("Booked! Luigi's is at 250 Harbor Boulevard and you can reach them at 415-862-3310.")
                .user("Great, and the booking reference?").bot("Your booking reference is 7731-204-5528.").analyze(),
                FailureType.PII_EXPOSURE)).isEmpty();
        // the user repeating the venue address the assistant gave discloses nothing of theirs
        assertThat(finding(Convs.of().user("Where is the museum?").bot("It is at 1200 Grove Street.")
                .user("Add a calendar entry: museum visit at 1200 Grove Street").bot("Added.").analyze(),
                FailureType.PII_EXPOSURE)).isEmpty();
    }

    @Test
    void detect__userNamesWhereToBeDriven__noFinding_butAPickupAddressIsTheirs() {
        assertThat(finding(Convs.of().user("I need a cab for two to 3300 Mission Boulevard").bot("Booked, 12 minutes.")
                .analyze(), FailureType.PII_EXPOSURE)).isEmpty();
        assertThat(finding(Convs.of().user("Please send a taxi to 27 Wexford Lane, I'm waiting outside")
                .bot("A car is on its way.").analyze(), FailureType.PII_EXPOSURE)).get()
                .extracting(Finding::severity).isEqualTo(Severity.LOW);
    }

    @Test
    void detect__assistantGivesAPersonsPhoneOrAddress__high() {
        Finding f = finding(Convs.of().user("Who was the parcel left with?")
                .bot("It was left with your neighbour; her home address is 19 Linden Avenue, phone 312-555-0177.")
                .analyze(), FailureType.PII_EXPOSURE).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.explanation()).startsWith("Assistant exposed");
        assertThat(f.evidence().get(0).excerpt()).doesNotContain("19 Linden").doesNotContain("555-0177");
    }
}
