package com.convosensei.processor.patterns;

/**
 * The run lock is held by someone else while this run is still queued (the reaper is checking, or a finished run is
 * releasing it): retried in place shortly, never dead-lettered.
 */
public class PatternRunBusyException extends RuntimeException {
    public PatternRunBusyException(String message) {
        super(message, null, false, false);
    }
}
