package com.convosensei.processor.stream;

/** An entry together with its decoded payload, as handed to {@link StreamHandler#process}. */
public record Decoded<T>(StreamEntry entry, T value) {
}
