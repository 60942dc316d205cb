package com.convosensei.gateway.web;

import com.convosensei.gateway.config.GatewayConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves the dashboard: its build folder at {@code /} with single-page-app fallback (any unknown non-API path gets
 * index.html, so deep links like /conversations/123 load the app), {@code /config.json} with the browser's runtime
 * settings, and a placeholder page when no build is present.
 */
@ApplicationScoped
public class DashboardRoutes {

    private final GatewayConfig config;
    private final ObjectMapper mapper;

    public DashboardRoutes(GatewayConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        // a browser sending Do Not Track (DNT: 1) or Global Privacy Control (Sec-GPC: 1) gets no analytics key at all
        router.get("/config.json").order(20).handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("Vary", "DNT, Sec-GPC")
                .end(runtimeConfig(optedOutByBrowser(ctx.request().getHeader("DNT"),
                        ctx.request().getHeader("Sec-GPC")))));

        Path root = config.webRoot().map(Path::of).map(Path::toAbsolutePath).orElse(null);
        if (root == null || !Files.isRegularFile(root.resolve("index.html"))) {
            Log.warnf("no dashboard build at %s: serving a placeholder page at /", root);
            router.routeWithRegex("^/(?!api/|q/).*").order(30).method(io.vertx.core.http.HttpMethod.GET)
                    .handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(PLACEHOLDER));
            return;
        }
        Log.infof("serving the dashboard from %s", root);
        // hashed assets (Vite names them by content) may be cached forever; everything else (index.html, which names
        // the current assets, favicon...) is revalidated on every use so a deploy shows at once. Set as the headers
        // go out, over StaticHandler's own "max-age=86400", and only on a 200 (never cache a 404 for a year).
        router.routeWithRegex("^/(?!api/|q/).*").order(29).handler(ctx -> {
            Compression.allow(ctx);
            boolean hashed = ctx.request().path().startsWith("/assets/");
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() == 200 || ctx.response().getStatusCode() == 304) {
                    ctx.response().headers().set("Cache-Control",
                            hashed ? "public, max-age=31536000, immutable" : "no-cache");
                } else {
                    ctx.response().headers().set("Cache-Control", "no-store");
                }
            });
            ctx.next();
        });
        StaticHandler files = StaticHandler.create(FileSystemAccess.ROOT, root.toString())
                .setCachingEnabled(true)
                // `make build-web` replaces the build under a running stack: without this the file server went on
                // answering with the previous index.html (its cached entry) for half a minute
                .setFilesReadOnly(false)
                .setDefaultContentEncoding("UTF-8")
                .setIndexPage("index.html");
        router.routeWithRegex("^/(?!api/|q/).*").order(31).handler(files);
        String index = root.resolve("index.html").toString();
        // paths with a dot are files (a missing one stays 404), except /c/<customer conversation id>: ids like
        // "order-42.v1" are the app's own route
        router.routeWithRegex("^/(?!api/|q/)([^.]*|c/.+)$").order(32).method(io.vertx.core.http.HttpMethod.GET)
                .handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                        .putHeader("Cache-Control", "no-cache").sendFile(index));
    }

    static boolean optedOutByBrowser(String dnt, String gpc) {
        return "1".equals(dnt == null ? null : dnt.strip()) || "1".equals(gpc == null ? null : gpc.strip());
    }

    private String runtimeConfig(boolean doNotTrack) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("supabase_url", config.supabaseUrl().filter(s -> !s.isBlank()).orElse(null));
        out.put("supabase_anon_key", config.supabaseAnonKey().filter(s -> !s.isBlank()).orElse(null));
        out.put("public_url", config.publicUrl().filter(s -> !s.isBlank()).orElse(null));
        // absent key: no posthog block's key, the dashboard keeps analytics off (and never fetches posthog-js)
        Map<String, Object> posthog = new LinkedHashMap<>();
        String key = doNotTrack ? null : config.posthog().activeKey().orElse(null);
        posthog.put("key", key);
        posthog.put("host", key == null ? null : config.posthog().host().strip().replaceAll("/+$", ""));
        posthog.put("replay", key != null && config.posthog().replay());
        out.put("posthog", posthog);
        try {
            return mapper.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String PLACEHOLDER = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sensei</title></head>
            <body style="font-family:system-ui;margin:3rem"><h1>Sensei</h1>
            <p>The API is up at <code>/api/v1</code>. The dashboard build was not found:
            run <code>make run</code> (it builds <code>services/dashboard-web</code>) or set <code>SENSEI_WEB_ROOT</code>.</p>
            </body></html>""";
}
