package com.convosensei.analysis.embedding;

/** An embedder could not produce vectors (remote error, bad response). {@code status} is the HTTP status or -1. */
public class EmbeddingException extends RuntimeException {
    private final int status;

    public EmbeddingException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
