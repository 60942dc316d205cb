package com.convosensei.analysis.detect;

import com.convosensei.contracts.failure.FailureType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fingerprints identify "the same failure" across re-scorings: {@code <type>:<16 hex chars>} of a hash over the
 * type and the anchor of the finding (normally the id of its first evidence message). They never depend on
 * scores, wording or later messages, so upserts on (conversation, type, fingerprint) stay stable.
 */
public final class Fingerprints {
    private Fingerprints() {
    }

    public static String of(FailureType type, String... anchors) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(type.wire().getBytes(StandardCharsets.UTF_8));
            for (String a : anchors) {
                md.update((byte) 0);
                md.update(String.valueOf(a).getBytes(StandardCharsets.UTF_8));
            }
            return type.wire() + ":" + HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
