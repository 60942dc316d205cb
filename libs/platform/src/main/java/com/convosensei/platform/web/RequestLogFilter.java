package com.convosensei.platform.web;

import io.quarkus.logging.Log;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;

/**
 * One log line per request (method, path, status, duration, request id) and an {@code X-Request-Id} on every
 * response. The gateway sets the id; a service called directly makes its own. Runs first on every route.
 */
@ApplicationScoped
public class RequestLogFilter {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 5).handler(ctx -> {
            long start = System.nanoTime();
            String incoming = ctx.request().getHeader(REQUEST_ID_HEADER);
            String requestId = incoming == null || incoming.isBlank() || incoming.length() > 128
                    ? UUID.randomUUID().toString() : incoming;
            ctx.put(REQUEST_ID_HEADER, requestId);
            ctx.response().putHeader(REQUEST_ID_HEADER, requestId);
            ctx.addEndHandler(done -> {
                String path = ctx.request().path();
                if (path != null && path.startsWith("/q/")) {
                    return; // health probes would drown the log
                }
                double millis = (System.nanoTime() - start) / 1_000_000.0;
                Log.infof("%s %s %d %.1fms request_id=%s", ctx.request().method(), path,
                        ctx.response().getStatusCode(), millis, requestId);
            });
            ctx.next();
        });
    }
}
