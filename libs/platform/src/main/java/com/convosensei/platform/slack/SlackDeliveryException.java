package com.convosensei.platform.slack;

/**
 * The webhook could not be reached at all (DNS, refused connection, TLS, connect or request timeout): no HTTP
 * answer exists. {@link #getMessage()} is a short reason fit to show an admin; it never contains the webhook URL
 * (the URL is a credential).
 */
public class SlackDeliveryException extends RuntimeException {

    private final boolean timeout;

    public SlackDeliveryException(String reason, boolean timeout, Throwable cause) {
        super(reason, cause);
        this.timeout = timeout;
    }

    public boolean timeout() {
        return timeout;
    }
}
