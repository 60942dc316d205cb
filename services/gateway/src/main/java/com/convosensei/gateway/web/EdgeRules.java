package com.convosensei.gateway.web;

import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.gateway.config.GatewayConfig;
import com.convosensei.gateway.routing.ForwardedHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * What the gateway enforces on every request before routing it, and adds to every response:
 * <ul>
 *   <li>a declared body over {@code max-body-bytes} → 413 in the error envelope, before it is streamed to a service
 *   (the URI length, percent-escapes and the router's own 404/405 are every service's: platform's RequestGuard);</li>
 *   <li>security headers — a strict CSP the dashboard build runs under (scripts and styles only from this origin,
 *   API calls to this origin and the Supabase project), nosniff, frame-ancestors 'none', Referrer-Policy, HSTS when
 *   the client came over https;</li>
 *   <li>API answers carry {@code Cache-Control: no-store} unless the service chose otherwise (they hold tokens,
 *   secrets and personal data that must not sit in a browser or proxy cache).</li>
 * </ul>
 */
@ApplicationScoped
public class EdgeRules {

    /**
     * Routing-context key under which a route may put a stricter CSP for its own answers (the landing page's, see
     * SiteRoutes); without it every answer gets the dashboard's policy.
     */
    public static final String CSP_OVERRIDE = "sensei.csp";

    private final GatewayConfig config;
    private final ErrorEnvelope errors;
    private final ForwardedHeaders forwarded;
    private final String csp;

    public EdgeRules(GatewayConfig config, ErrorEnvelope errors) {
        this.config = config;
        this.errors = errors;
        this.forwarded = new ForwardedHeaders(config.trustedProxies().orElse(List.of()));
        this.csp = contentSecurityPolicy(config.supabaseUrl().filter(s -> !s.isBlank()).orElse(null),
                config.posthog().activeKey().map(k -> config.posthog().host()).orElse(null));
    }

    public ForwardedHeaders forwarded() {
        return forwarded;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 20).handler(this::checkAndDecorate);
    }

    private void checkAndDecorate(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        ctx.addHeadersEndHandler(v -> decorate(ctx));
        String length = request.getHeader("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared < 0) {
                errors.send(ctx.response(), 400, ApiError.invalid("Content-Length", "not a non-negative number"));
                return;
            }
            if (declared > config.maxBodyBytes()) {
                ctx.response().putHeader("Connection", "close");
                errors.send(ctx.response(), 413, new ApiError("request body is larger than " + config.maxBodyBytes()
                        + " bytes", ErrorCodes.PAYLOAD_TOO_LARGE,
                        List.of(new com.convosensei.contracts.error.ErrorDetail("body",
                                "at most " + config.maxBodyBytes() + " bytes"))));
                return;
            }
        }
        ctx.next();
    }

    private void decorate(RoutingContext ctx) {
        var headers = ctx.response().headers();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
        headers.set("X-Frame-Options", "DENY");
        String tighter = ctx.get(CSP_OVERRIDE);
        headers.set("Content-Security-Policy", tighter != null ? tighter : csp);
        HttpServerRequest request = ctx.request();
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String proto = forwarded.resolve(peer, request.scheme(), request.getHeader("Host"), request.headers()).proto();
        if ("https".equals(proto)) {
            headers.set("Strict-Transport-Security", config.hsts());
        }
        String path = request.path();
        if (path != null && path.startsWith("/api/") && !headers.contains("Cache-Control")) {
            headers.set("Cache-Control", "no-store");
        }
    }

    /**
     * The dashboard's build has no inline script or style (Vite emits files under /assets; React sets styles through
     * the DOM, which CSP allows), so neither 'unsafe-inline' nor 'unsafe-eval' is needed. Supabase sign-in calls
     * the project URL from the browser, so it is in connect-src; so is the PostHog host, only when a PostHog key is
     * set (posthog-js is bundled and loads no remote script, so script-src stays 'self').
     */
    static String contentSecurityPolicy(String supabaseUrl, String posthogHost) {
        String connect = "'self'" + (supabaseUrl == null ? "" : " " + origin(supabaseUrl))
                + (posthogHost == null || posthogHost.isBlank() ? "" : " " + origin(posthogHost));
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; "
                + "connect-src " + connect + "; object-src 'none'; base-uri 'self'; form-action 'self'; "
                + "frame-ancestors 'none'";
    }

    private static String origin(String url) {
        java.net.URI uri = java.net.URI.create(url.strip());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
