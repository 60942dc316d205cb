package com.convosensei.platform.web;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every service speaks HTTP/1.1 on its plain-http port: a request asking to upgrade to cleartext HTTP/2
 * ({@code Upgrade: h2c}) is answered as the HTTP/1.1 request it also is. Vert.x would otherwise switch protocols
 * mid-request — for a POST with a body (curl --http2 does this) that path ended in a 500 outside the error envelope.
 * Browsers never use h2c (they use HTTP/2 only over TLS, which this does not touch); the JDK's HttpClient does (the OTel
 * Java SDK's JDK sender posting to ingestion-gateway's /v1/traces hit exactly this), hence here for every service.
 */
@ApplicationScoped
public class NoCleartextUpgrade implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
