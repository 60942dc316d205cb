package com.convosensei.platform.slack;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Posts a JSON message to a Slack incoming webhook (or anything speaking the same protocol) with the JDK HTTP
 * client. Framework-free and non-blocking: {@link #post} returns a future completed on the HTTP client's own
 * threads, so a Vert.x/Quarkus caller should hop back to its context (e.g. Mutiny {@code emitOn}) before touching
 * the database.
 * <ul>
 *   <li>Any HTTP answer, 2xx or not, completes normally with a {@link SlackResponse} (status, body, Retry-After):
 *   the caller decides whether to retry ({@link SlackResponse#retryable()}).</li>
 *   <li>No answer (refused, DNS, TLS, timeout) completes exceptionally with a {@link SlackDeliveryException}.</li>
 * </ul>
 * One instance per service is enough (it holds one connection pool). No retries here; retry policy belongs to the
 * caller (alerting retries with backoff; the settings page's "send test" does not).
 */
public final class SlackWebhookClient {

    /** Slack's own answers are tiny; cap what we keep of a misbehaving endpoint's body. */
    public static final int MAX_BODY_CHARS = 2000;

    private final HttpClient http;
    private final Duration requestTimeout;

    public SlackWebhookClient(Duration connectTimeout, Duration requestTimeout) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER) // a webhook that redirects is misconfigured
                .build();
        this.requestTimeout = requestTimeout;
    }

    /** 3 s to connect, 5 s for the whole exchange. */
    public static SlackWebhookClient withDefaults() {
        return new SlackWebhookClient(Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    public CompletableFuture<SlackResponse> post(String webhookUrl, SlackMessage message) {
        return post(webhookUrl, message.toJson());
    }

    public CompletableFuture<SlackResponse> post(String webhookUrl, String json) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(webhookUrl))
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Sensei/1 (+https://github.com/convosensei)")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new SlackDeliveryException("webhook URL is not a valid http(s) URL", false, e));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, error) -> {
                    if (error != null) {
                        throw translate(error);
                    }
                    return new SlackResponse(response.statusCode(), cut(response.body()),
                            retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
                });
    }

    /** Seconds from a Retry-After header; Slack sends delta-seconds. HTTP dates and junk read as null. */
    static Integer retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds < 0 ? null : (int) Math.min(seconds, 86_400);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static SlackDeliveryException translate(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof HttpConnectTimeoutException) {
            return new SlackDeliveryException("timed out connecting to the webhook", true, e);
        }
        if (e instanceof HttpTimeoutException) {
            return new SlackDeliveryException("the webhook did not answer in time", true, e);
        }
        if (e instanceof ConnectException) {
            return new SlackDeliveryException("could not connect to the webhook (connection refused or host unreachable)", false, e);
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return new SlackDeliveryException("TLS handshake with the webhook failed", false, e);
        }
        if (e instanceof java.nio.channels.UnresolvedAddressException
                || e.getCause() instanceof java.nio.channels.UnresolvedAddressException
                || e instanceof java.net.UnknownHostException) {
            return new SlackDeliveryException("the webhook host name does not resolve", false, e);
        }
        if (e instanceof IOException) {
            return new SlackDeliveryException("the connection to the webhook failed: " + e.getClass().getSimpleName(), false, e);
        }
        return new SlackDeliveryException("sending to the webhook failed: " + e.getClass().getSimpleName(), false, e);
    }

    private static String cut(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= MAX_BODY_CHARS ? body : body.substring(0, MAX_BODY_CHARS);
    }
}
