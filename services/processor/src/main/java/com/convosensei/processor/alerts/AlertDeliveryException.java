package com.convosensei.processor.alerts;

/**
 * Slack could not be reached, or kept answering 429/5xx, through every retry. Thrown to the stream consumer so the
 * entry is delivered again later (and dead-lettered after the retry cap); the alert row already records the attempt.
 */
public class AlertDeliveryException extends RuntimeException {
    public AlertDeliveryException(String message) {
        super(message);
    }
}
