package com.convosensei.analysis.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PiiTokensTest {

    private static final Set<PiiKind> CARDS_IBANS_IDS = EnumSet.of(PiiKind.CARD, PiiKind.IBAN, PiiKind.SSN);

    @Test
    void redact__sameValue_sameToken_whateverItsFormatting() {
        PiiTokens tokens = new PiiTokens("secret-a");
        String a = tokens.redact("my card is 4242 4242 4242 4242", CARDS_IBANS_IDS);
        String b = tokens.redact("card 4242-4242-4242-4242 again", CARDS_IBANS_IDS);
        assertThat(a).matches("my card is \\[card:[0-9a-f]{8}\\]");
        assertThat(b).startsWith("card [card:");
        assertThat(a.substring("my card is ".length())).isEqualTo(b.substring(5, 5 + 15));
        // the same value on another replica with the same secret gives the same token
        assertThat(new PiiTokens("secret-a").redact("my card is 4242 4242 4242 4242", CARDS_IBANS_IDS)).isEqualTo(a);
    }

    @Test
    void redact__keyedBySecret_notAPlainHashOfTheNumber() {
        String a = new PiiTokens("secret-a").redact("card 4242424242424242", CARDS_IBANS_IDS);
        String b = new PiiTokens("secret-b").redact("card 4242424242424242", CARDS_IBANS_IDS);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void redact__onlyTheConfiguredKinds_restUntouched() {
        PiiTokens tokens = new PiiTokens("s");
        String text = "IBAN DE89 3704 0044 0532 0130 00, ssn 123-45-6789, mail jane@example.com, card 5555555555554444";
        String out = tokens.redact(text, CARDS_IBANS_IDS);
        assertThat(out).matches("IBAN \\[iban:[0-9a-f]{8}\\], ssn \\[national_id:[0-9a-f]{8}\\], mail jane@example.com,"
                + " card \\[card:[0-9a-f]{8}\\]");
        assertThat(tokens.redact(text, EnumSet.of(PiiKind.EMAIL))).contains("[email:").contains("5555555555554444");
        assertThat(tokens.redact(text, Set.of())).isSameAs(text);
        assertThat(tokens.redact("nothing to see", CARDS_IBANS_IDS)).isEqualTo("nothing to see");
    }

    @Test
    void redact__alreadyRedactedText__unchanged() {
        PiiTokens tokens = new PiiTokens("s");
        String once = tokens.redact("card 4242424242424242 and 5555555555554444", CARDS_IBANS_IDS);
        assertThat(tokens.redact(once, CARDS_IBANS_IDS)).isEqualTo(once);
    }

    @Test
    void scan__tokens__areMatchesOfTheirKind_maskedAsThemselves() {
        String text = "use [card:3f9a1c2e] or [iban:00ff00ff]; [bogus:12345678] and [card:XYZ] are not tokens";
        assertThat(PiiScanner.scan(text)).extracting(PiiMatch::kind).containsExactly(PiiKind.CARD, PiiKind.IBAN);
        assertThat(PiiScanner.scan(text).get(0).key()).isEqualTo("token:3f9a1c2e");
        assertThat(PiiScanner.mask(text)).isEqualTo(text);
        assertThat(PiiScanner.scan("reach me at [email:0a1b2c3d]")).extracting(PiiMatch::kind)
                .containsExactly(PiiKind.EMAIL);
    }

    /** The restricted scan intake uses finds every card, IBAN and national id the full scan finds. */
    @Test
    void scanOfSomeKinds__findsAllTheFullScanFindsOfThoseKinds() {
        String[] texts = {"card 4242 4242 4242 4242 or call +44 7700 900123", "ssn 123-45-6789, mail jane@example.com",
            "IBAN GB29 NWBK 6016 1331 9268 19 at 742 Evergreen Terrace", "order number 4512889012345678",
            "my password: Hunter2024! and card 5555555555554444", "ip 8.8.8.8 and ssn 078-05-1120 ext"};
        for (String text : texts) {
            java.util.List<PiiMatch> some = PiiScanner.scan(text, CARDS_IBANS_IDS);
            assertThat(some).as(text).allMatch(m -> CARDS_IBANS_IDS.contains(m.kind()));
            assertThat(some).as(text).containsAll(PiiScanner.scan(text).stream()
                    .filter(m -> CARDS_IBANS_IDS.contains(m.kind())).toList());
        }
    }
}
