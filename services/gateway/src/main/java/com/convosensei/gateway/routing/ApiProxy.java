package com.convosensei.gateway.routing;

import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.gateway.config.GatewayConfig;
import com.convosensei.platform.web.RequestLogFilter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
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

/**
 * Routes {@code /api/v1/*} to the services with Vert.x's reverse proxy (vertx-http-proxy): streaming bodies both
 * ways, auth headers passed through untouched, {@code X-Request-Id} and {@code X-Forwarded-*} added. An upstream
 * that is down or too slow becomes a 502/504 in the error envelope instead of an empty body.
 */
@ApplicationScoped
public class ApiProxy {

    private final GatewayConfig config;
    private final ObjectMapper mapper;

    public ApiProxy(GatewayConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
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
                        return context.sendRequest().recover(failure -> {
                            Log.warnf("upstream for %s %s failed: %s", context.request().getMethod(),
                                    context.request().getURI(), failure.getMessage());
                            return Future.succeededFuture(errorResponse(context, failure));
                        });
                    }

                    @Override
                    public Future<Void> handleProxyResponse(ProxyContext context) {
                        // the gateway's own filter already set the request id on the response
                        context.response().headers().remove(RequestLogFilter.REQUEST_ID_HEADER);
                        return context.sendResponse();
                    }
                });

        long timeoutMs = config.upstreamTimeout().toMillis();
        router.route("/api/v1/*").order(10).handler(ctx -> {
            var request = ctx.request();
            String requestId = ctx.get(RequestLogFilter.REQUEST_ID_HEADER);
            if (requestId != null) {
                request.headers().set(RequestLogFilter.REQUEST_ID_HEADER, requestId);
            }
            request.headers().set("X-Forwarded-Proto", request.scheme() == null ? "http" : request.scheme());
            if (request.remoteAddress() != null) {
                String prior = request.getHeader("X-Forwarded-For");
                String client0 = request.remoteAddress().host();
                request.headers().set("X-Forwarded-For", prior == null ? client0 : prior + ", " + client0);
            }
            String host = request.getHeader("Host");
            if (host != null) {
                request.headers().set("X-Forwarded-Host", host);
            }
            long timer = vertx.setTimer(timeoutMs, id -> {
                if (!ctx.response().headWritten() && !ctx.response().ended()) {
                    writeError(ctx.response(), 504, ErrorCodes.BAD_GATEWAY, "upstream service timed out");
                }
            });
            ctx.addEndHandler(done -> vertx.cancelTimer(timer));
            proxy.handle(request);
        });
    }

    private ProxyResponse errorResponse(ProxyContext context, Throwable failure) {
        String body = json(ApiError.of(ErrorCodes.BAD_GATEWAY, "upstream service unavailable, try again shortly"));
        return context.request().response()
                .setStatusCode(502)
                .putHeader("Content-Type", "application/json")
                .putHeader("Retry-After", "2")
                .setBody(Body.body(Buffer.buffer(body)));
    }

    private void writeError(io.vertx.core.http.HttpServerResponse response, int status, String code, String message) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(json(ApiError.of(code, message)));
    }

    private String json(ApiError error) {
        try {
            return mapper.writeValueAsString(error);
        } catch (JsonProcessingException e) {
            return "{\"message\":\"" + error.message() + "\",\"code\":\"" + error.code() + "\",\"details\":[]}";
        }
    }

    static SocketAddress address(String baseUrl) {
        URI uri = URI.create(baseUrl);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return SocketAddress.inetSocketAddress(port, uri.getHost());
    }
}
