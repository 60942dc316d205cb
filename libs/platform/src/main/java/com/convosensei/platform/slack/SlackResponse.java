package com.convosensei.platform.slack;

/**
 * What the webhook answered: HTTP status, body (Slack says {@code ok} on success, a short error word otherwise,
 * e.g. {@code invalid_payload}, {@code no_service}), and the {@code Retry-After} seconds Slack sends with a 429
 * (null when absent or unreadable).
 */
public record SlackResponse(int status, String body, Integer retryAfterSeconds) {

    /** Slack accepted the message (any 2xx). */
    public boolean delivered() {
        return status >= 200 && status < 300;
    }

    /** Worth trying again later: rate limited or a server-side error. 4xx other than 429 will fail again. */
    public boolean retryable() {
        return status == 429 || status >= 500;
    }
}
