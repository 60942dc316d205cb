package com.convosensei.platform.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmailTokensTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    final EmailTokens tokens = new EmailTokens(Optional.of("email-secret"), "jwt-secret");

    @Test
    void signedToken__verifiesForItsPurposeUntilItExpires() {
        String token = tokens.sign(EmailTokens.UNSUBSCRIBE_WEEKLY, "local:admin@x", NOW.plusSeconds(60));
        assertThat(tokens.verify(token, EmailTokens.UNSUBSCRIBE_WEEKLY, NOW))
                .contains(new EmailTokens.Claims(EmailTokens.UNSUBSCRIBE_WEEKLY, "local:admin@x", NOW.plusSeconds(60)));
        assertThat(tokens.verify(token, EmailTokens.UNSUBSCRIBE_WEEKLY, NOW.plusSeconds(60))).isEmpty();
        assertThat(tokens.verify(token, "other-purpose", NOW)).isEmpty();
        // URL-safe as it is: no padding, no + or /
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    @Test
    void changedBodyOrSignatureOrKey__isRefused() {
        String token = tokens.sign(EmailTokens.UNSUBSCRIBE_WEEKLY, "alice", NOW.plusSeconds(60));
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString((EmailTokens.UNSUBSCRIBE_WEEKLY + "\n" + NOW.plusSeconds(60).getEpochSecond() + "\nbob").getBytes())
                + token.substring(token.indexOf('.'));
        assertThat(tokens.verify(forged, EmailTokens.UNSUBSCRIBE_WEEKLY, NOW)).isEmpty();
        String flipped = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertThat(tokens.verify(flipped, EmailTokens.UNSUBSCRIBE_WEEKLY, NOW)).isEmpty();
        EmailTokens otherKey = new EmailTokens(Optional.of("another-secret"), "jwt-secret");
        assertThat(otherKey.verify(token, EmailTokens.UNSUBSCRIBE_WEEKLY, NOW)).isEmpty();
        for (String junk : new String[] {null, "", ".", "a.b.c", "!!!.???", "x".repeat(3000)}) {
            assertThat(tokens.verify(junk, EmailTokens.UNSUBSCRIBE_WEEKLY, NOW)).isEmpty();
        }
    }

    @Test
    void withoutAnEmailSecret__theKeyIsDerivedFromTheJwtSecret_notTheJwtSecretItself() {
        EmailTokens derived = new EmailTokens(Optional.empty(), "jwt-secret");
        EmailTokens sameFallback = new EmailTokens(Optional.of(" "), "jwt-secret");
        EmailTokens rawJwtSecret = new EmailTokens(Optional.of("jwt-secret"), "unused");
        String token = derived.sign(EmailTokens.UNSUBSCRIBE_WEEKLY, "alice", NOW.plusSeconds(60));
        assertThat(sameFallback.verify(token, EmailTokens.UNSUBSCRIBE_WEEKLY, NOW)).isPresent();
        assertThat(rawJwtSecret.verify(token, EmailTokens.UNSUBSCRIBE_WEEKLY, NOW)).isEmpty();
    }
}
