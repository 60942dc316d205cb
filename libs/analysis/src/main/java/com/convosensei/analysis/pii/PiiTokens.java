package com.convosensei.analysis.pii;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Redaction tokens: what intake writes in place of a value it must not store ({@code [card:3f9a1c2e]}). The token is
 * the first 8 hex digits of HMAC-SHA256(secret, kind + ":" + the scanner's normalised key), so the same card number
 * gives the same token in every message and on every ingestion replica sharing the secret (dedup and "the assistant
 * repeated the user's card" still work), while without the secret nobody can test the 10^15 possible card numbers
 * against it. {@link PiiScanner#scan} recognises tokens as matches of their kind, so a leak is still detected after
 * redaction.
 */
public final class PiiTokens {

    /** {@code [card:3f9a1c2e]}: a kind's token name and 8 lowercase hex digits. */
    static final Pattern TOKEN = Pattern.compile("\\[([a-z_]{2,16}):([0-9a-f]{8})\\]");

    private final byte[] key;

    /** @param secret server secret, the same on every ingestion instance (derive-only: it is never stored) */
    public PiiTokens(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a redaction secret is required");
        }
        this.key = ("sensei-redact-v1:" + secret).getBytes(StandardCharsets.UTF_8);
    }

    /** The token for one match, e.g. {@code [card:3f9a1c2e]}. */
    public String token(PiiMatch m) {
        if (m.key().startsWith(TOKEN_KEY_PREFIX)) {
            return m.value(); // already a token (a re-sent, redacted message): keep it as it is
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal((m.kind().tokenName() + ":" + m.key()).getBytes(StandardCharsets.UTF_8));
            return "[" + m.kind().tokenName() + ":" + HexFormat.of().formatHex(h, 0, 4) + "]";
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    /** The text with every match of the given kinds replaced by its token; the same string when there is none. */
    public String redact(String text, Set<PiiKind> kinds) {
        if (text == null || kinds.isEmpty()) {
            return text;
        }
        List<PiiMatch> matches = PiiScanner.scan(text, kinds);
        StringBuilder b = null;
        int pos = 0;
        for (PiiMatch m : matches) {
            if (!kinds.contains(m.kind()) || m.key().startsWith(TOKEN_KEY_PREFIX)) {
                continue;
            }
            if (b == null) {
                b = new StringBuilder(text.length());
            }
            b.append(text, pos, m.start()).append(token(m));
            pos = m.end();
        }
        return b == null ? text : b.append(text, pos, text.length()).toString();
    }

    /** Key of a token match: tokens compare by their hex, so an echoed token is the same value. */
    static final String TOKEN_KEY_PREFIX = "token:";

    /** Adds every token in {@code text} to {@code out} as a match of its kind (via {@link PiiScanner}'s add rule). */
    static void scanTokens(String text, java.util.function.Consumer<PiiMatch> out) {
        if (text.indexOf('[') < 0) {
            return;
        }
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            PiiKind kind = PiiKind.fromTokenName(m.group(1));
            if (kind != null) {
                out.accept(new PiiMatch(kind, m.start(), m.end(), m.group(), TOKEN_KEY_PREFIX + m.group(2), 0.95));
            }
        }
    }
}
