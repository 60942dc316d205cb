package com.convosensei.keys;

/**
 * The two parts of a well-formed API key: the public {@code prefix} (stored in clear, used to find the key's row)
 * and the {@code secret} (only its slow hash is stored). {@link #toString()} never shows the secret, so a parsed key
 * that ends up in a log line leaks nothing.
 */
public record ParsedKey(String prefix, String secret) {

    @Override
    public String toString() {
        return "ParsedKey[prefix=" + prefix + ", secret=***]";
    }
}
