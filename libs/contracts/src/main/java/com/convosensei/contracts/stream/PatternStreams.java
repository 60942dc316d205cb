package com.convosensei.contracts.stream;

/** The pattern-run request stream (kept beside {@link Streams} so that file stays untouched by this addition). */
public final class PatternStreams {
    /** Entries carry a {@link PatternRunRequest} JSON in {@link Streams#FIELD_PAYLOAD}. */
    public static final String PATTERNS = PatternRunRequest.STREAM;

    private PatternStreams() {
    }
}
