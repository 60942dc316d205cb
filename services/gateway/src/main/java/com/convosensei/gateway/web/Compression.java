package com.convosensei.gateway.web;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Lets the gateway's own routes (the dashboard's files, the landing page, the proxied API answers) go out gzip'ed to
 * a browser that accepts it. {@code quarkus.http.enable-compression} only installs the codec and starts every
 * response with {@code Content-Encoding: identity}; Quarkus takes that header off for its own REST and static-resource
 * routes only, so without this the dashboard's 290 kB entry script went out uncompressed (92 kB gzip'ed).
 */
public final class Compression {

    /** Text worth compressing; images, fonts and archives are compressed already, streams and downloads stay as they are. */
    static final Set<String> TYPES = Set.of("text/html", "text/css", "text/javascript", "application/javascript",
            "application/json", "application/problem+json", "image/svg+xml", "text/plain", "text/xml",
            "application/xml", "application/manifest+json");

    private Compression() {
    }

    /** Decided as the headers go out, once the handler (file server, proxy) has set the Content-Type. */
    public static void allow(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> decide(ctx.response().getStatusCode(), ctx.response().headers()));
    }

    static void decide(int status, MultiMap headers) {
        // a 206 is a byte range of the file as stored: compressing it would break the range
        if (status != 200) {
            return;
        }
        List<String> encodings = headers.getAll(HttpHeaders.CONTENT_ENCODING);
        if (encodings.size() != 1 || !HttpHeaders.IDENTITY.toString().equalsIgnoreCase(encodings.get(0))) {
            return; // already encoded (an upstream's gzip), or compression is off
        }
        String type = headers.get(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            return;
        }
        int semi = type.indexOf(';');
        if (TYPES.contains((semi < 0 ? type : type.substring(0, semi)).strip().toLowerCase(Locale.ROOT))) {
            headers.remove(HttpHeaders.CONTENT_ENCODING);
            if (!headers.contains(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING, true)) {
                headers.add(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
            }
        }
    }
}
