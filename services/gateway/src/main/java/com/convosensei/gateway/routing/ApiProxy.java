package com.convosensei.gateway.routing;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.gateway.config.GatewayConfig;
import com.convosensei.platform.web.RequestLogFilter;
import com.convosensei.gateway.web.EdgeRules;
import com.convosensei.gateway.web.Compression;
import com.convosensei.gateway.web.ErrorEnvelope;
import com.convosensei.platform.web.LogSafe;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Routes {@code /api/v1/*} (and the OTLP trace paths, see {@link RouteTable#isOtlp}) to the services with Vert.x's
 * reverse proxy (vertx-http-proxy): streaming bodies both
 * ways, auth headers passed through untouched, {@code X-Request-Id} and the gateway's own {@code X-Forwarded-*}
 * (never the client's, see {@link ForwardedHeaders}). An upstream that is down or too slow becomes a 502/504 in the
 * error envelope instead of an empty body; an idempotent request whose pooled connection turned out closed is sent
 * once more on a fresh one; a {@code Location} naming a service's internal address is rewritten to the public one.
 */
@ApplicationScoped
public class ApiProxy {

    /** Methods that may be sent twice: nothing changes upstream if the first copy did arrive. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS");

    private final GatewayConfig config;
    private final ErrorEnvelope errors;
    private final ForwardedHeaders forwarded;

    public ApiProxy(GatewayConfig config, ErrorEnvelope errors, EdgeRules rules) {
        this.config = config;
        this.errors = errors;
        this.forwarded = rules.forwarded();
    }

    void install(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setConnectTimeout(2000)
                        .setIdleTimeout(60)
                        .setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(200));
        Map<RouteTable.Upstream, SocketAddress> origins = new EnumMap<>(RouteTable.Upstream.class);
        origins.put(RouteTable.Upstream.DASHBOARD, address(config.upstreams().dashboard()));
        origins.put(RouteTable.Upstream.ADMIN, address(config.upstreams().admin()));
        origins.put(RouteTable.Upstream.INGESTION, address(config.upstreams().ingestion()));

        HttpProxy proxy = HttpProxy.reverseProxy(client)
                .originSelector(request -> Future.succeededFuture(
                        origins.get(RouteTable.route(request.method().name(), request.path()))))
                .addInterceptor(new ProxyInterceptor() {
                    @Override
                    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                        String path = context.request().proxiedRequest().path();
                        String upstreamPath = RouteTable.upstreamPath(path);
                        if (!upstreamPath.equals(path)) {
                            String query = context.request().proxiedRequest().query();
                            context.request().setURI(upstreamPath + (query == null ? "" : "?" + query));
                        }
                        return context.sendRequest()
                                .recover(failure -> retryable(context, failure)
                                        ? resend(context, client, origins)
                                        : Future.failedFuture(failure))
                                .recover(failure -> {
                                    Log.warnf("upstream for %s %s failed: %s", context.request().getMethod(),
                                            LogSafe.of(context.request().getURI()), failure.getMessage());
                                    return Future.succeededFuture(errorResponse(context));
                                });
                    }

                    @Override
                    public Future<Void> handleProxyResponse(ProxyContext context) {
                        // the gateway's own filter already set the request id on the response
                        context.response().headers().remove(RequestLogFilter.REQUEST_ID_HEADER);
                        String location = context.response().headers().get("Location");
                        if (location != null) {
                            context.response().headers().set("Location",
                                    publicLocation(location, clientOf(context.request().proxiedRequest())));
                        }
                        return context.sendResponse();
                    }
                });

        long timeoutMs = config.upstreamTimeout().toMillis();
        io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> forward = ctx -> {
            var request = ctx.request();
            String requestId = ctx.get(RequestLogFilter.REQUEST_ID_HEADER);
            if (requestId != null) {
                request.headers().set(RequestLogFilter.REQUEST_ID_HEADER, requestId);
            }
            ForwardedHeaders.write(request.headers(), clientOf(request));
            long timer = vertx.setTimer(timeoutMs, id -> {
                if (!ctx.response().headWritten() && !ctx.response().ended()) {
                    errors.send(ctx.response(), 504, ApiError.of(ErrorCodes.BAD_GATEWAY, "upstream service timed out"));
                }
            });
            ctx.addEndHandler(done -> vertx.cancelTimer(timer));
            // the services answer uncompressed; JSON is compressed here, at the edge (a list page is 26 kB raw, 4 kB)
            Compression.allow(ctx);
            proxy.handle(request);
        };
        router.route("/api/v1/*").order(10).handler(forward);
        router.route(ApiPaths.OTLP_TRACES).order(10).handler(forward);
        router.route(ApiPaths.OTLP_TRACES_PUBLIC).order(10).handler(forward);
    }

    /** Same answer before and after the headers are rewritten (they then hold exactly what was resolved). */
    private ForwardedHeaders.Client clientOf(io.vertx.core.http.HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return forwarded.resolve(peer, request.scheme(), request.getHeader("Host"), request.headers());
    }

    /**
     * Only a connection-level failure of a request without a body: the upstream closed a pooled keep-alive
     * connection (restart, its idle timeout) just as it was reused, so the request most likely never arrived.
     */
    private static boolean retryable(ProxyContext context, Throwable failure) {
        var request = context.request().proxiedRequest();
        if (context.get("sensei.retried", Boolean.class) != null || !IDEMPOTENT.contains(request.method().name())) {
            return false;
        }
        String length = request.getHeader("Content-Length");
        if ((length != null && !length.strip().equals("0")) || request.getHeader("Transfer-Encoding") != null) {
            return false;
        }
        boolean closed = failure instanceof HttpClosedException
                || (failure.getMessage() != null && failure.getMessage().contains("Connection was closed"))
                || failure instanceof java.io.IOException;
        if (closed) {
            context.set("sensei.retried", Boolean.TRUE);
            Log.debugf("retrying %s %s once: pooled upstream connection closed", request.method(),
                    LogSafe.of(request.path()));
        }
        return closed;
    }

    /**
     * The same request on a new connection (the failed one has left the pool). The client's (empty) body stream was
     * used up by the first try, so this one carries an explicit empty body.
     */
    private static Future<ProxyResponse> resend(ProxyContext context, HttpClient client,
            Map<RouteTable.Upstream, SocketAddress> origins) {
        var proxied = context.request().proxiedRequest();
        SocketAddress origin = origins.get(RouteTable.route(proxied.method().name(), proxied.path()));
        context.request().setBody(Body.body(Buffer.buffer()));
        return client.request(new RequestOptions().setServer(origin))
                .compose(request -> context.request().send(request));
    }

    /**
     * A Location pointing at a service's own address (http://127.0.0.1:8082/...) would send the browser past the
     * gateway; it becomes the public URL (SENSEI_PUBLIC_URL, else what the client asked for).
     */
    String publicLocation(String location, ForwardedHeaders.Client client) {
        URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            return location;
        }
        if (!uri.isAbsolute() || uri.getHost() == null || !isInternal(uri)) {
            return location;
        }
        String base = config.publicUrl().filter(s -> !s.isBlank()).map(s -> s.replaceAll("/+$", ""))
                .orElse(client == null || client.host().isEmpty() ? null : client.proto() + "://" + client.host());
        if (base == null) {
            return uri.getRawPath() == null ? "/" : location.substring(location.indexOf(uri.getRawAuthority())
                    + uri.getRawAuthority().length());
        }
        String rest = location.substring(location.indexOf(uri.getRawAuthority()) + uri.getRawAuthority().length());
        return base + rest;
    }

    private boolean isInternal(URI uri) {
        String host = uri.getHost().replace("[", "").replace("]", "");
        if (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.equals("0.0.0.0")) {
            return true;
        }
        for (String upstream : new String[] {config.upstreams().dashboard(), config.upstreams().admin(),
                config.upstreams().ingestion()}) {
            if (host.equalsIgnoreCase(URI.create(upstream).getHost())) {
                return true;
            }
        }
        return false;
    }

    private ProxyResponse errorResponse(ProxyContext context) {
        String body = errors.json(ApiError.of(ErrorCodes.BAD_GATEWAY, "upstream service unavailable, try again shortly"));
        return context.request().response()
                .setStatusCode(502)
                .putHeader("Content-Type", "application/json")
                .putHeader("Retry-After", "2")
                .setBody(Body.body(Buffer.buffer(body)));
    }

    static SocketAddress address(String baseUrl) {
        URI uri = URI.create(baseUrl);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return SocketAddress.inetSocketAddress(port, uri.getHost());
    }
}
