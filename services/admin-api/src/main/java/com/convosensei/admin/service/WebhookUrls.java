package com.convosensei.admin.service;

import com.convosensei.admin.config.SlackConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which webhook URLs Sensei will post alerts to. The URL is a credential and admin-api fetches it on request (test
 * alert), so anything else would let a caller make the server reach arbitrary hosts (SSRF):
 * <ul>
 *   <li>https to a host on the allowlist ({@code SENSEI_WEBHOOK_HOSTS}, default {@code hooks.slack.com}), default port;</li>
 *   <li>http(s) to this machine (a local Slack stand-in) only when {@code SENSEI_WEBHOOK_ALLOW_LOOPBACK=true}
 *   (tests, {@code make run}, the e2e stack).</li>
 * </ul>
 */
@ApplicationScoped
public class WebhookUrls {

    public static final int MAX_LENGTH = 2048;
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    private final Set<String> hosts;
    private final boolean allowLoopback;

    @Inject
    public WebhookUrls(SlackConfig config) {
        this(config.webhookHosts(), config.allowLoopback());
    }

    WebhookUrls(java.util.Collection<String> hosts, boolean allowLoopback) {
        this.hosts = hosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.allowLoopback = allowLoopback;
    }

    /** Null when acceptable, else why not (for the error's {@code reason}). */
    public String problem(String url) {
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
        if (!uri.isAbsolute() || uri.isOpaque() || host == null || host.isEmpty()) {
            return "must be an absolute URL with a host, e.g. https://hooks.slack.com/services/...";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry a user name or password";
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            return "must have a port between 1 and 65535";
        }
        if (LOOPBACK.contains(host)) {
            return allowLoopback && (scheme.equals("http") || scheme.equals("https")) ? null
                    : "must be a Slack webhook (https://" + allowedHosts() + "/...); this machine is allowed only when"
                    + " SENSEI_WEBHOOK_ALLOW_LOOPBACK=true";
        }
        if (!scheme.equals("https")) {
            return "must use https";
        }
        if (!hosts.contains(host)) {
            return "must be a Slack webhook on " + allowedHosts() + " (other hosts: add them to SENSEI_WEBHOOK_HOSTS)";
        }
        if (uri.getPort() != -1 && uri.getPort() != 443) {
            return "must use the default https port";
        }
        return null;
    }

    private String allowedHosts() {
        return hosts.isEmpty() ? "(no host allowed)" : String.join(", ", hosts.stream().sorted().toList());
    }

    /** What a masked URL hides its secret behind; a value containing it is a mask, never a URL to save. */
    public static final String HIDDEN = "\u2022\u2022\u2022\u2022";

    /**
     * The webhook URL as the API shows it: scheme, host and the path's shape, the secret hidden
     * ({@code https://hooks.slack.com/services/T0…/…/••••XYZ1}). The last four characters show only when the secret
     * is long enough (Slack's is 24) that they give nothing away.
     */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return HIDDEN;
        }
        String origin = (uri.getScheme() == null ? "https" : uri.getScheme()) + "://"
                + (uri.getHost() == null ? "" : uri.getHost()) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        java.util.List<String> segments = java.util.Arrays.stream(uri.getRawPath() == null ? new String[0]
                : uri.getRawPath().split("/")).filter(p -> !p.isEmpty()).toList();
        String last = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
        String tail = last.length() >= 12 ? last.substring(last.length() - 4) : "";
        if (segments.size() >= 3 && "services".equals(segments.get(0))) {
            String team = segments.get(1).length() >= 6 ? segments.get(1).substring(0, 2) + "\u2026" : "\u2026";
            return origin + "/services/" + team + "/\u2026/" + HIDDEN + tail;
        }
        return origin + "/\u2026/" + HIDDEN + tail;
    }

    public static boolean isMasked(String value) {
        return value != null && value.contains(HIDDEN);
    }
}
