package com.convosensei.platform.email;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signed links in emails that work without signing in (unsubscribe): {@code base64url(purpose \n expiry \n subject)
 * "." base64url(HMAC-SHA256)}. The key is {@code SENSEI_EMAIL_TOKEN_SECRET}, or, when unset, a key derived from the
 * JWT secret (HMAC of a fixed label, so the JWT secret itself never signs anything but JWTs). The processor signs, the
 * admin-api verifies: both read the same settings.
 */
@ApplicationScoped
public class EmailTokens {

    /** Purpose of the weekly summary's unsubscribe link. */
    public static final String UNSUBSCRIBE_WEEKLY = "unsubscribe:weekly_summary";
    /** How long an unsubscribe link stays valid (an old email in the archive should still work for a while). */
    public static final Duration UNSUBSCRIBE_TTL = Duration.ofDays(60);
    private static final String DERIVATION_LABEL = "sensei email token key v1";

    /** What a valid token says. */
    public record Claims(String purpose, String subject, Instant expiresAt) {
    }

    private final byte[] key;

    public EmailTokens(@ConfigProperty(name = "sensei.email.token-secret") Optional<String> secret,
            @ConfigProperty(name = "sensei.email.token-fallback-secret") String fallback) {
        this.key = keyFrom(secret, fallback);
    }

    static byte[] keyFrom(Optional<String> secret, String fallback) {
        return secret.filter(s -> !s.isBlank()).map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> hmac(fallback.getBytes(StandardCharsets.UTF_8),
                        DERIVATION_LABEL.getBytes(StandardCharsets.UTF_8)));
    }

    public String sign(String purpose, String subject, Instant expiresAt) {
        byte[] body = (purpose + "\n" + expiresAt.getEpochSecond() + "\n" + subject).getBytes(StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(body) + "." + b64.encodeToString(hmac(key, body));
    }

    /**
     * The claims of {@code token} when it is well-formed, signed with this key, meant for {@code purpose} and not
     * expired at {@code now}; empty otherwise (the caller answers 400 without saying which check failed).
     */
    public Optional<Claims> verify(String token, String purpose, Instant now) {
        if (token == null || token.length() > 2048) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        byte[] body;
        byte[] mac;
        try {
            body = Base64.getUrlDecoder().decode(token.substring(0, dot));
            mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac, hmac(key, body))) {
            return Optional.empty();
        }
        String[] parts = new String(body, StandardCharsets.UTF_8).split("\n", 3);
        if (parts.length != 3 || !parts[0].equals(purpose) || parts[2].isEmpty()) {
            return Optional.empty();
        }
        long exp;
        try {
            exp = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Instant expiresAt = Instant.ofEpochSecond(exp);
        return now.isBefore(expiresAt) ? Optional.of(new Claims(parts[0], parts[2], expiresAt)) : Optional.empty();
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
