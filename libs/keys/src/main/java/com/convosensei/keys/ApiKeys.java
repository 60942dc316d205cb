package com.convosensei.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Sensei API keys: {@code sk_<prefix>_<secret>}.
 * <ul>
 *   <li>{@code prefix}: {@value #PREFIX_LENGTH} base62 characters, random, shown in the key list and stored in clear
 *   (unique) so a presented key finds its row with one indexed lookup. Parsing accepts 8-12 characters so the
 *   length may change later.</li>
 *   <li>{@code secret}: {@value #SECRET_LENGTH} base62 characters from {@link SecureRandom} (about 238 bits); only
 *   its scrypt hash is stored ({@link SecretHasher}).</li>
 * </ul>
 * Base62 keeps the key one "word" (double-click selects it whole, no escaping in URLs, headers or shells) and lets
 * {@code _} serve as the unambiguous separator.
 */
public final class ApiKeys {

    public static final String KEY_PREFIX = "sk_";
    public static final int PREFIX_LENGTH = 10;
    public static final int MIN_PREFIX_LENGTH = 8;
    public static final int MAX_PREFIX_LENGTH = 12;
    public static final int SECRET_LENGTH = 40;
    /** Anything longer is refused before any parsing work (keeps hostile headers cheap). */
    public static final int MAX_KEY_LENGTH = 128;

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SecretHasher HASHER = new SecretHasher();

    private ApiKeys() {
    }

    /** A new random key with its prefix and the hash to store (slow: runs scrypt once). */
    public static GeneratedKey generate() {
        String prefix = random(PREFIX_LENGTH);
        String secret = random(SECRET_LENGTH);
        return new GeneratedKey(KEY_PREFIX + prefix + "_" + secret, prefix, HASHER.hash(secret));
    }

    /** Splits a presented key into prefix and secret, or says why it is not a Sensei key. Cheap; no hashing. */
    public static ParseResult parse(String presented) {
        if (presented == null || presented.isBlank()) {
            return new ParseResult.Malformed("API key is empty");
        }
        String key = presented.strip();
        if (key.length() > MAX_KEY_LENGTH) {
            return new ParseResult.Malformed("API key is too long");
        }
        if (!key.startsWith(KEY_PREFIX)) {
            return new ParseResult.Malformed("API key must start with " + KEY_PREFIX);
        }
        String rest = key.substring(KEY_PREFIX.length());
        int sep = rest.indexOf('_');
        if (sep < 0) {
            return new ParseResult.Malformed("API key must look like sk_<prefix>_<secret>");
        }
        String prefix = rest.substring(0, sep);
        String secret = rest.substring(sep + 1);
        if (prefix.length() < MIN_PREFIX_LENGTH || prefix.length() > MAX_PREFIX_LENGTH || !isBase62(prefix)) {
            return new ParseResult.Malformed("API key prefix must be " + MIN_PREFIX_LENGTH + "-" + MAX_PREFIX_LENGTH
                    + " letters or digits");
        }
        if (secret.length() != SECRET_LENGTH || !isBase62(secret)) {
            return new ParseResult.Malformed("API key secret must be " + SECRET_LENGTH + " letters or digits");
        }
        return new ParseResult.Valid(new ParsedKey(prefix, secret));
    }

    /** True when {@code secret} matches the stored hash (constant-time compare; slow: runs scrypt once). */
    public static boolean verify(String secret, String storedHash) {
        return HASHER.verify(secret, storedHash);
    }

    /** True when the stored hash was made with older parameters and should be replaced after a successful verify. */
    public static boolean needsRehash(String storedHash) {
        return HASHER.needsRehash(storedHash);
    }

    /**
     * SHA-256 (hex) of a full key, for an in-memory cache of keys already verified: a cache hit costs a fast hash
     * instead of scrypt, and the cache never holds a usable key.
     */
    public static String cacheKey(String fullKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(fullKey.strip().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())); // nextInt(bound) is unbiased
        }
        return new String(out);
    }

    private static boolean isBase62(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }
}
