package com.convosensei.db.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes (HMAC-SHA256 with the server's privacy secret, {@code SENSEI_PRIVACY_SECRET}) of the ids an erasure
 * must not leave behind in clear: the end-user id in {@code audit_events.target_ref}, and both refs of
 * {@code erasure_tombstones}. Keyed, so a database dump cannot be searched for a known user id. admin-api (writes)
 * and the processor (checks ingest against tombstones) must be configured with the same secret.
 */
public final class ErasureHashes {

    public static final String KIND_USER = "user";
    public static final String KIND_CONVERSATION = "conversation";

    private final SecretKeySpec key;

    public ErasureHashes(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the privacy secret must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The customer's end-user id (as sent in track requests, {@code conversations.user_id}). */
    public String user(String userId) {
        return hmac("user\u0000" + userId);
    }

    /** A conversation by what ingest knows of it: environment and the customer's conversation id. */
    public String conversation(String environment, String externalId) {
        return hmac("conversation\u0000" + environment + "\u0000" + externalId);
    }

    private String hmac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
