package com.convosensei.processor.ingest;

import com.convosensei.contracts.ingest.TrackMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The idempotency key of a message inside its conversation: the client's message id when it sent one, otherwise
 * SHA-256 (hex) of {@code role + "\n" + timestamp + "\n" + content}, where timestamp is the UTC ISO-8601 form of the
 * instant ({@link java.time.Instant#toString()}; the gateway truncates to microseconds), so the same message sent
 * with another offset notation still matches.
 */
public final class DedupKeys {

    private DedupKeys() {
    }

    public static String of(TrackMessage message) {
        if (message.id() != null && !message.id().isEmpty()) {
            return message.id();
        }
        return sha256Hex(message.role() + "\n" + message.timestamp().toString() + "\n" + message.content());
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
