package com.convosensei.processor.stream;

/**
 * Thrown (or failed with) by a {@link StreamHandler} when an entry can never succeed (unreadable payload, invalid
 * content): the entry goes to {@code sensei:dlq} at once instead of being retried.
 */
public class NonRetryableException extends RuntimeException {

    public NonRetryableException(String message) {
        super(message);
    }

    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
