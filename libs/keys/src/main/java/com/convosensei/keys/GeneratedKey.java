package com.convosensei.keys;

/**
 * A freshly generated key. {@code fullKey} is shown to the user exactly once and never stored; the database keeps
 * {@code prefix} (in clear) and {@code secretHash} (see {@link SecretHasher} for the format).
 */
public record GeneratedKey(String fullKey, String prefix, String secretHash) {

    @Override
    public String toString() {
        return "GeneratedKey[prefix=" + prefix + ", fullKey=***]";
    }
}
