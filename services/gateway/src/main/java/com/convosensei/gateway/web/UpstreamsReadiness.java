package com.convosensei.gateway.web;

import com.convosensei.gateway.config.GatewayConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The gateway is ready when every service behind it answers its liveness probe within a second (a gateway that can
 * reach nothing should not get traffic). Also reports whether the dashboard build is present (informational: the
 * API works without it, a placeholder page is served).
 */
@Readiness
@ApplicationScoped
public class UpstreamsReadiness implements AsyncHealthCheck {

    private final GatewayConfig config;
    private final HttpClient client;

    public UpstreamsReadiness(GatewayConfig config, Vertx vertx) {
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(1000).setKeepAlive(false));
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Map<String, String> upstreams = new LinkedHashMap<>();
        upstreams.put("dashboard-api", config.upstreams().dashboard());
        upstreams.put("admin-api", config.upstreams().admin());
        upstreams.put("ingestion-gateway", config.upstreams().ingestion());
        List<Future<String>> probes = upstreams.values().stream().map(this::probe).toList();
        return Uni.createFrom().completionStage(Future.join(probes).otherwiseEmpty().toCompletionStage()).map(done -> {
            HealthCheckResponseBuilder out = HealthCheckResponse.named("upstreams").up();
            int i = 0;
            for (String name : upstreams.keySet()) {
                Future<String> probe = probes.get(i++);
                String state = probe.succeeded() ? probe.result() : "DOWN: " + probe.cause().getMessage();
                out.withData(name, state);
                if (!probe.succeeded()) {
                    out.down();
                }
            }
            boolean build = config.webRoot().map(root -> Files.isRegularFile(Path.of(root).resolve("index.html")))
                    .orElse(false);
            out.withData("dashboard-build", build ? "present" : "missing (placeholder page served)");
            return out.build();
        });
    }

    /** Any HTTP answer counts (the service is up and routable); no answer within 1 s is a failure. */
    private Future<String> probe(String baseUrl) {
        URI uri = URI.create(baseUrl);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost()).setPort(port)
                        .setURI("/q/health/live").setTimeout(1000))
                .compose(req -> req.send())
                .map(resp -> "UP (" + resp.statusCode() + ")");
    }
}
