package com.convosensei.gateway;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Real HTTP servers standing in for dashboard-api and admin-api (each answers with its own name, the method, path
 * and the headers the gateway forwarded); ingestion points at a closed port to exercise the "upstream down" path.
 * Also writes a tiny dashboard build for the static/SPA routes, and a tiny landing-page build (with a file beside it
 * that must never be served) for SiteRoutes.
 */
public class UpstreamServers implements QuarkusTestResourceLifecycleManager {

    /** Requests with this Host get the landing page at /. */
    static final String SITE_HOST = "www.sensei.test";

    private HttpServer dashboard;
    private HttpServer admin;

    @Override
    public Map<String, String> start() {
        try {
            dashboard = echo("dashboard");
            admin = echo("admin");
            Path web = Files.createTempDirectory("sensei-web-");
            Files.writeString(web.resolve("index.html"), "<!doctype html><title>Sensei dashboard</title><div id=root></div>");
            Files.createDirectories(web.resolve("assets"));
            Files.writeString(web.resolve("assets/app-123.js"), "console.log('sensei')");
            Path sites = Files.createTempDirectory("sensei-site-");
            Files.writeString(sites.resolve("secret.txt"), "TOP-SECRET-OUTSIDE-THE-SITE");
            Path site = Files.createDirectories(sites.resolve("dist"));
            Files.writeString(site.resolve("index.html"), "<!doctype html><title>Sensei landing</title><h1>landing</h1>");
            Files.writeString(site.resolve("404.html"), "<!doctype html><title>Page not found</title><h1>site 404</h1>");
            Files.writeString(site.resolve("privacy.html"), "<!doctype html><title>Privacy</title>");
            Files.writeString(site.resolve("robots.txt"), "User-agent: *\nAllow: /\n");
            Files.writeString(site.resolve("sitemap.xml"), "<?xml version=\"1.0\"?><urlset/>");
            Files.writeString(site.resolve(".env"), "HIDDEN=1");
            Files.createDirectories(site.resolve("assets/img"));
            Files.writeString(site.resolve("assets/site.css"), "body{color:#16191d}");
            Files.writeString(site.resolve("assets/site.0123abcd.css"), "body{color:#16191d}");
            Files.writeString(site.resolve("assets/mark.1f8ba025.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
            Files.write(site.resolve("assets/img/shot.89abcdef.webp"), new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P'});
            int closedPort;
            try (var s = new java.net.ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            return Map.of(
                    "sensei.gateway.upstreams.dashboard", "http://127.0.0.1:" + dashboard.getAddress().getPort(),
                    "sensei.gateway.upstreams.admin", "http://127.0.0.1:" + admin.getAddress().getPort(),
                    "sensei.gateway.upstreams.ingestion", "http://127.0.0.1:" + closedPort,
                    "sensei.gateway.web-root", web.toString(),
                    "sensei.gateway.site-root", site.toString(),
                    "sensei.gateway.site-host", SITE_HOST,
                    "sensei.gateway.public-url", "https://sensei.example.com");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpServer echo(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().endsWith("/redirect-me")) {
                // a service that builds a Location from its own address, as Quarkus does behind a proxy it ignores
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort()
                        + "/api/v1/saved-views/42?x=1");
                exchange.sendResponseHeaders(201, -1);
                exchange.close();
                return;
            }
            String body = "{\"service\":\"" + name + "\",\"method\":\"" + exchange.getRequestMethod()
                    + "\",\"path\":\"" + exchange.getRequestURI() + "\",\"authorization\":\""
                    + exchange.getRequestHeaders().getFirst("Authorization") + "\",\"request_id\":\""
                    + exchange.getRequestHeaders().getFirst("X-Request-Id") + "\",\"body_bytes\":" + requestBody.length
                    + ",\"forwarded_for\":\"" + exchange.getRequestHeaders().getFirst("X-Forwarded-For")
                    + "\",\"forwarded_proto\":\"" + exchange.getRequestHeaders().getFirst("X-Forwarded-Proto")
                    + "\",\"forwarded_host\":\"" + exchange.getRequestHeaders().getFirst("X-Forwarded-Host")
                    + "\",\"forwarded\":\"" + exchange.getRequestHeaders().getFirst("Forwarded")
                    + "\",\"real_ip\":\"" + exchange.getRequestHeaders().getFirst("X-Real-IP") + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Override
    public void stop() {
        if (dashboard != null) {
            dashboard.stop(0);
        }
        if (admin != null) {
            admin.stop(0);
        }
    }
}
