package com.convosensei.processor.mail;

/** An outbox row that can never be sent as it is (unknown kind, payload missing what its template needs). */
public class UnrenderableMailException extends RuntimeException {

    public UnrenderableMailException(String message) {
        super(message, null, false, false);
    }
}
