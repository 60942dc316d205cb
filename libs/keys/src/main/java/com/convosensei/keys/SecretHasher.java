package com.convosensei.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Slow, salted hashing of API key secrets with scrypt, in a self-describing format so the cost can be raised later
 * without invalidating stored hashes:
 * <pre>$scrypt$N=16384,r=8,p=1$&lt;salt, base64url&gt;$&lt;hash, base64url&gt;</pre>
 * Verification reads N/r/p from the stored string; {@link #needsRehash(String)} tells a caller that a hash was made
 * with other parameters than the current ones. With the defaults one hash takes roughly 30-60 ms and 16 MiB, so
 * callers on an event loop must run it on a worker thread.
 */
public final class SecretHasher {

    public static final String SCHEME = "scrypt";
    /** Current parameters: N = 2^14, r = 8, p = 1 (the scrypt paper's interactive-login setting). */
    public static final int DEFAULT_N = 1 << 14;
    public static final int DEFAULT_R = 8;
    public static final int DEFAULT_P = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    // refuse stored parameters that would make one verification absurdly expensive (a corrupted or hostile row)
    private static final int MAX_N = 1 << 20;
    private static final int MAX_R = 32;
    private static final int MAX_P = 16;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final int n;
    private final int r;
    private final int p;

    public SecretHasher() {
        this(DEFAULT_N, DEFAULT_R, DEFAULT_P);
    }

    public SecretHasher(int n, int r, int p) {
        if (n < 2 || (n & (n - 1)) != 0 || n > MAX_N || r < 1 || r > MAX_R || p < 1 || p > MAX_P) {
            throw new IllegalArgumentException("invalid scrypt parameters N=" + n + ", r=" + r + ", p=" + p);
        }
        this.n = n;
        this.r = r;
        this.p = p;
    }

    public String hash(String secret) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(secret, salt, n, r, p, HASH_BYTES);
        return "$" + SCHEME + "$N=" + n + ",r=" + r + ",p=" + p + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * True when {@code secret} hashes to {@code stored}. The final comparison is constant-time; a stored value that
     * is not in the format above verifies nothing (false), it never throws.
     */
    public boolean verify(String secret, String stored) {
        Encoded e = Encoded.parse(stored);
        if (e == null || secret == null) {
            return false;
        }
        byte[] actual = derive(secret, e.salt, e.n, e.r, e.p, e.hash.length);
        return MessageDigest.isEqual(actual, e.hash);
    }

    /** True when {@code stored} was made with other parameters than this hasher's (or cannot be read). */
    public boolean needsRehash(String stored) {
        Encoded e = Encoded.parse(stored);
        return e == null || e.n != n || e.r != r || e.p != p || e.hash.length != HASH_BYTES;
    }

    private static byte[] derive(String secret, byte[] salt, int n, int r, int p, int length) {
        return SCrypt.generate(secret.getBytes(StandardCharsets.UTF_8), salt, n, r, p, length);
    }

    /** The parsed parts of a stored hash; null from {@link #parse} when it is not a readable scrypt string. */
    private record Encoded(int n, int r, int p, byte[] salt, byte[] hash) {

        static Encoded parse(String stored) {
            if (stored == null) {
                return null;
            }
            String[] parts = stored.split("\\$", -1);
            // "", "scrypt", "N=..,r=..,p=..", salt, hash
            if (parts.length != 5 || !parts[0].isEmpty() || !SCHEME.equals(parts[1])) {
                return null;
            }
            int n = -1;
            int r = -1;
            int p = -1;
            try {
                for (String kv : parts[2].split(",")) {
                    String[] pair = kv.split("=", 2);
                    if (pair.length != 2) {
                        return null;
                    }
                    int v = Integer.parseInt(pair[1]);
                    switch (pair[0]) {
                        case "N" -> n = v;
                        case "r" -> r = v;
                        case "p" -> p = v;
                        default -> {
                            return null;
                        }
                    }
                }
                byte[] salt = B64D.decode(parts[3]);
                byte[] hash = B64D.decode(parts[4]);
                if (n < 2 || (n & (n - 1)) != 0 || n > MAX_N || r < 1 || r > MAX_R || p < 1 || p > MAX_P
                        || salt.length < 8 || hash.length < 16 || hash.length > 64) {
                    return null;
                }
                return new Encoded(n, r, p, salt, hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
