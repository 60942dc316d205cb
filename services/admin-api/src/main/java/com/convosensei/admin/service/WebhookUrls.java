package com.convosensei.admin.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Which webhook URLs Sensei will post alerts to: absolute https URLs with a host; plain http only to this machine
 * (a local stand-in during development and tests), since the URL itself is a credential and alert text is data.
 */
public final class WebhookUrls {

    public static final int MAX_LENGTH = 2048;
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    private WebhookUrls() {
    }

    /** Null when acceptable, else why not (for the error's {@code reason}). */
    public static String problem(String url) {
        if (url.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "must be a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || host == null || host.isEmpty() || uri.isOpaque()) {
            return "must be an absolute URL with a host, e.g. https://hooks.slack.com/services/...";
        }
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http")) {
            return LOOPBACK.contains(host) ? null : "must use https (plain http is allowed only for localhost)";
        }
        return "must use https";
    }
}
