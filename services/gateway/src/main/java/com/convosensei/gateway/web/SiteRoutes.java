package com.convosensei.gateway.web;

import com.convosensei.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Serves the landing page (site/, built into site/dist by {@code site/build.mjs}) at {@code /site/}, and at {@code /}
 * for requests whose Host is {@code sensei.gateway.site-host} when one is set; the dashboard keeps {@code /} on
 * every other host. Static files only: content-hashed assets are cached for a year, everything else is revalidated;
 * an unknown path gets the site's own 404 page (never the dashboard's single-page fallback); the pages run under a
 * CSP tighter than the dashboard's (nothing but this origin, no Supabase).
 */
@ApplicationScoped
public class SiteRoutes {

    static final String PREFIX = "/site";

    /** What {@code site/build.mjs} names its hashed copies: {@code site.3f9a1c2e.css}. */
    private static final Pattern HASHED = Pattern.compile(".*\\.[0-9a-f]{8}\\.(css|js|svg|png|webp)$");

    /** The landing page loads scripts, styles, images and its one API call from this origin and nothing else. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    private final GatewayConfig config;

    public SiteRoutes(GatewayConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        Path root = config.siteRoot().filter(s -> !s.isBlank()).map(Path::of).map(Path::toAbsolutePath).orElse(null);
        boolean built = root != null && Files.isRegularFile(root.resolve("index.html"));
        // "/site" alone: the pages link relative to "/site/"
        router.routeWithRegex("^" + PREFIX + "$").order(24).method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(ctx -> {
                    String query = ctx.request().query();
                    ctx.response().setStatusCode(301)
                            .putHeader("Location", PREFIX + "/" + (query == null ? "" : "?" + query)).end();
                });
        if (built) {
            Log.infof("serving the landing page from %s at %s/", root, PREFIX);
        } else {
            // checked per request below: a build made after the start (make build-site) is served without a restart
            Log.warnf("no landing page build at %s yet: /site/ answers 404 until there is (make build-site, or set "
                    + "SENSEI_SITE_ROOT)", root);
        }
        // unset: a folder that does not exist, so every path gets the "not built" 404
        Path folder = root == null ? Path.of("site-not-configured").toAbsolutePath() : root;
        StaticHandler files = StaticHandler.create(FileSystemAccess.ROOT, folder.toString())
                .setCachingEnabled(true)
                // the build rewrites files in place (make test rebuilds it for the e2e stack's URL): no stale sizes
                .setFilesReadOnly(false)
                .setIncludeHidden(false)
                .setDirectoryListing(false)
                .setDefaultContentEncoding("UTF-8")
                .setIndexPage("index.html");
        Path notFoundPage = folder.resolve("404.html");
        serve(router.route(PREFIX + "/*").order(25), files, notFoundPage);
        config.siteHost().map(String::strip).filter(s -> !s.isEmpty()).ifPresent(host -> {
            Log.infof("serving the landing page at / for Host %s", host);
            // the API, OTLP and health stay reachable on that host (the form posts to /api/v1/waitlist)
            serve(router.routeWithRegex("^/(?!api/|q/|v1/|site/|site$).*").virtualHost(host).order(24), files,
                    notFoundPage);
        });
    }

    private static void serve(Route route, StaticHandler files, Path notFoundPage) {
        route.method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(SiteRoutes::decorate)
                .handler(files)
                // StaticHandler passes on what it did not find: answer with the site's 404, not the dashboard's SPA
                .handler(ctx -> {
                    ctx.response().setStatusCode(404).putHeader("Content-Type", "text/html; charset=utf-8");
                    if (Files.isRegularFile(notFoundPage)) {
                        ctx.response().sendFile(notFoundPage.toString());
                    } else {
                        ctx.response().end(NOT_BUILT);
                    }
                });
    }

    private static void decorate(RoutingContext ctx) {
        ctx.put(EdgeRules.CSP_OVERRIDE, CSP);
        Compression.allow(ctx);
        boolean hashed = HASHED.matcher(ctx.request().path()).matches();
        // set as the headers go out, over StaticHandler's own max-age, and only on a 200/304 (never cache a 404)
        boolean head = ctx.request().method() == HttpMethod.HEAD;
        ctx.addHeadersEndHandler(v -> {
            var headers = ctx.response().headers();
            int status = ctx.response().getStatusCode();
            headers.set("Cache-Control", status == 200 || status == 304
                    ? (hashed ? "public, max-age=31536000, immutable" : "no-cache")
                    : "no-store");
            // StaticHandler answers HEAD without the Content-Type its GET would carry
            if (head && status == 200 && !headers.contains("Content-Type")) {
                headers.set("Content-Type", contentType(ctx.request().path()));
            }
        });
        ctx.next();
    }

    static String contentType(String path) {
        String name = path.endsWith("/") ? "index.html" : path.substring(path.lastIndexOf('/') + 1);
        String type = io.vertx.core.http.impl.MimeMapping.getMimeTypeForFilename(name);
        if (type == null) {
            return "application/octet-stream";
        }
        return type.startsWith("text/") ? type + ";charset=UTF-8" : type;
    }

    private static final String NOT_BUILT = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sensei</title></head>
            <body><h1>Landing page not built</h1>
            <p>Run <code>make build-site</code> (it writes <code>site/dist</code>) or set <code>SENSEI_SITE_ROOT</code>.</p>
            </body></html>""";
}
