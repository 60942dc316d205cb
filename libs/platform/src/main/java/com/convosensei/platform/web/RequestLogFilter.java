package com.convosensei.platform.web;

import io.quarkus.logging.Log;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One log line per request (method, path, status, duration, request id) and an {@code X-Request-Id} on every
 * response. The gateway sets the id; a service called directly makes its own. Runs first on every route. Every
 * client-supplied value in the line goes through {@link LogSafe} (a newline in a path or id cannot forge a line).
 */
@ApplicationScoped
public class RequestLogFilter {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /** An incoming id is kept (and echoed in headers and logs) only when it is short and plain; else a new one. */
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 5).handler(ctx -> {
            long start = System.nanoTime();
            String incoming = ctx.request().getHeader(REQUEST_ID_HEADER);
            String requestId = incoming == null || !VALID_ID.matcher(incoming).matches()
                    ? UUID.randomUUID().toString() : incoming;
            ctx.put(REQUEST_ID_HEADER, requestId);
            ctx.response().putHeader(REQUEST_ID_HEADER, requestId);
            ctx.addEndHandler(done -> {
                String path = ctx.request().path();
                if (path != null && path.startsWith("/q/")) {
                    return; // health probes would drown the log
                }
                double millis = (System.nanoTime() - start) / 1_000_000.0;
                Log.infof("%s %s %d %.1fms request_id=%s", LogSafe.of(ctx.request().method()), LogSafe.of(path),
                        ctx.response().getStatusCode(), millis, requestId);
            });
            ctx.next();
        });
    }
}
