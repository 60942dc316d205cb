package com.convosensei.gateway.web;

import com.convosensei.gateway.routing.RouteTable;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;

/**
 * The {@code uri} tag of the gateway's {@code http_server_requests_seconds}: the gateway has no endpoint templates
 * (it proxies and serves files), so without this every conversation id and asset name would become a tag value. Each
 * request is labelled with a bounded template before any route runs — the way Quarkus REST labels its endpoints, by
 * the context-local {@value #TEMPLATE_KEY} the Micrometer binder reads: {@code /api/v1/<resource>} or
 * {@code /api/v1/<resource>/*} for the known resources (anything else is {@code /api/v1/*}), the OTLP paths as they
 * are, {@code /assets/*}, {@code /config.json}, {@code /}, and {@code /*} for every other dashboard page.
 * {@code /q/*} is left alone (Quarkus does not time non-application paths).
 */
@ApplicationScoped
public class MetricsUriTemplate {

    /** The key Quarkus' Micrometer binder reads the route template from (as Quarkus REST sets it). */
    static final String TEMPLATE_KEY = "UrlPathTemplate";

    private static final String API = "/api/v1/";
    /** First segments under /api/v1 that name a resource of some service (the rest are one value). */
    private static final Set<String> RESOURCES = Set.of("conversations", "failures", "analytics", "feedback", "auth",
            "api-keys", "saved-views", "settings", "admin", "alerts", "members", "users", "retention");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::label);
    }

    private void label(RoutingContext ctx) {
        String template = template(ctx.request().path());
        if (template != null && ctx.request() instanceof HttpServerRequestInternal internal) {
            internal.context().putLocal(TEMPLATE_KEY, template);
        }
        ctx.next();
    }

    /** The bounded label of a request path; null for {@code /q/*}. */
    static String template(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return "/";
        }
        if (path.startsWith("/q/") || path.equals("/q")) {
            return null;
        }
        if (RouteTable.isOtlp(path)) {
            return path;
        }
        if (path.startsWith(API)) {
            String rest = path.substring(API.length());
            if (rest.equals("conversations/track") || rest.equals("conversations/track/batch")) {
                return path;
            }
            int slash = rest.indexOf('/');
            String resource = slash < 0 ? rest : rest.substring(0, slash);
            if (!RESOURCES.contains(resource)) {
                return API + "*";
            }
            boolean deeper = slash >= 0 && slash < rest.length() - 1;
            return API + resource + (deeper ? "/*" : "");
        }
        if (path.startsWith("/api/")) {
            return "/api/*";
        }
        if (path.startsWith("/assets/")) {
            return "/assets/*";
        }
        if (path.equals("/config.json")) {
            return path;
        }
        return "/*";
    }
}
