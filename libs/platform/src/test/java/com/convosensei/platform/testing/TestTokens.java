package com.convosensei.platform.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints HS256 tokens shaped like Supabase's (aud/role "authenticated", sub, email, exp) with the local default
 * secret, plus the broken variants the auth tests need (expired, wrong secret, wrong audience, alg none).
 */
public final class TestTokens {

    /** Must match {@code sensei.auth.jwt-secret} in the platform's shared config. */
    public static final String SECRET = "sensei-local-development-secret-change-me-please-0123456789";

    private TestTokens() {
    }

    public static String valid() {
        return sign(SECRET, claims("authenticated", Instant.now().plusSeconds(3600)));
    }

    public static String bearer() {
        return "Bearer " + valid();
    }

    public static String expired() {
        return sign(SECRET, claims("authenticated", Instant.now().minusSeconds(120)));
    }

    public static String wrongSecret() {
        return sign("some-other-secret-that-is-long-enough-0123456789", claims("authenticated", Instant.now().plusSeconds(3600)));
    }

    public static String wrongAudience() {
        return sign(SECRET, claims("anon-service", Instant.now().plusSeconds(3600)));
    }

    public static String tampered() {
        String token = valid();
        String[] parts = token.split("\\.");
        String payload = b64(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("test-user@example.com", "attacker@example.com"));
        return parts[0] + "." + payload + "." + parts[2];
    }

    public static String algNone() {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims("authenticated", Instant.now().plusSeconds(3600))) + ".";
    }

    /** The shared test user, an admin (app_metadata.sensei_role). */
    public static String claims(String audience, Instant expiresAt) {
        return claims(audience, expiresAt, "admin");
    }

    /** @param role {@code app_metadata.sensei_role}, or null for a token that carries no Sensei role */
    public static String claims(String audience, Instant expiresAt, String role) {
        long now = Instant.now().getEpochSecond();
        String appMetadata = role == null ? "{\"provider\":\"email\"}" : "{\"provider\":\"email\",\"sensei_role\":\"" + role + "\"}";
        return "{\"iss\":\"sensei-local\",\"sub\":\"00000000-0000-0000-0000-00000000test\",\"email\":\"test-user@example.com\",\"aud\":\""
                + audience + "\",\"role\":\"authenticated\",\"app_metadata\":" + appMetadata + ",\"iat\":" + now
                + ",\"exp\":" + expiresAt.getEpochSecond() + "}";
    }

    /** A read-only user. */
    public static String viewerBearer() {
        return "Bearer " + sign(SECRET, claims("authenticated", Instant.now().plusSeconds(3600), "viewer"));
    }

    /** A valid token of a user nobody made admin or viewer (any Supabase sign-up): refused with 403. */
    public static String noRoleBearer() {
        return "Bearer " + sign(SECRET, claims("authenticated", Instant.now().plusSeconds(3600), null));
    }

    /**
     * A token for any user: {@code role} goes to {@code app_metadata.sensei_role} (null: no Sensei role claim), so
     * stored roles, the allowlist and the default can be exercised.
     */
    public static String bearerFor(String subject, String email, String role) {
        long now = Instant.now().getEpochSecond();
        return "Bearer " + sign(SECRET, userClaims(subject, email, role, now, now + 3600));
    }

    /** An admin token that expired {@code seconds} ago (no clock skew is allowed). */
    public static String expiredSecondsAgo(long seconds) {
        long now = Instant.now().getEpochSecond();
        return sign(SECRET, userClaims("00000000-0000-0000-0000-00000000test", "test-user@example.com", "admin", now - 3600, now - seconds));
    }

    /** An admin token "issued" {@code seconds} from now, valid for an hour after that. */
    public static String issuedInFuture(long seconds) {
        long iat = Instant.now().getEpochSecond() + seconds;
        return sign(SECRET, userClaims("00000000-0000-0000-0000-00000000test", "test-user@example.com", "admin", iat, iat + 3600));
    }

    private static String userClaims(String subject, String email, String role, long iat, long exp) {
        String appMetadata = role == null ? "{\"provider\":\"email\"}" : "{\"provider\":\"email\",\"sensei_role\":\"" + role + "\"}";
        return "{\"iss\":\"sensei-local\",\"sub\":\"" + subject + "\",\"email\":\"" + email
                + "\",\"aud\":\"authenticated\",\"role\":\"authenticated\",\"app_metadata\":" + appMetadata
                + ",\"iat\":" + iat + ",\"exp\":" + exp + "}";
    }

    public static String sign(String secret, String claimsJson) {
        String signingInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(claimsJson);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
