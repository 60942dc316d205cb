package com.convosensei.keys;

/**
 * Outcome of {@link ApiKeys#parse(String)}: either the key's parts, or a short reason a client may be shown
 * (it never echoes the presented value).
 */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Malformed {

    record Valid(ParsedKey key) implements ParseResult {
    }

    record Malformed(String reason) implements ParseResult {
    }

    default boolean valid() {
        return this instanceof Valid;
    }
}
