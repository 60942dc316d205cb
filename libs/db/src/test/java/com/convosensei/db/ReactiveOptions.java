package com.convosensei.db;

import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.util.Map;

/**
 * The Vert.x pg client options Quarkus builds from the {@code quarkus.datasource.reactive.*} properties (the same
 * mapping as Quarkus's PgPoolRecorder, for the keys {@link DatabaseSettings} sets), so the tests connect exactly as a
 * service configured by those properties would.
 */
final class ReactiveOptions {

    private ReactiveOptions() {
    }

    static PgConnectOptions from(Map<String, String> props) {
        PgConnectOptions options = PgConnectOptions.fromUri(props.get("quarkus.datasource.reactive.url"));
        options.setUser(props.getOrDefault("quarkus.datasource.username", "postgres"));
        options.setPassword(props.getOrDefault("quarkus.datasource.password", "postgres"));
        String cache = props.get("quarkus.datasource.reactive.cache-prepared-statements");
        if (cache != null) {
            options.setCachePreparedStatements(Boolean.parseBoolean(cache));
        }
        String pipelining = props.get("quarkus.datasource.reactive.postgresql.pipelining-limit");
        if (pipelining != null) {
            options.setPipeliningLimit(Integer.parseInt(pipelining));
        }
        options.setUseLayer7Proxy(Boolean.parseBoolean(props.getOrDefault("quarkus.datasource.reactive.postgresql.use-layer7-proxy", "false")));
        String sslMode = props.get("quarkus.datasource.reactive.postgresql.ssl-mode");
        if (sslMode != null) {
            options.setSslMode(SslMode.of(sslMode));
        }
        options.setTrustAll(Boolean.parseBoolean(props.getOrDefault("quarkus.datasource.reactive.trust-all", "false")));
        if (Boolean.parseBoolean(props.getOrDefault("quarkus.datasource.reactive.trust-certificate-pem", "false"))) {
            options.setPemTrustOptions(new PemTrustOptions()
                    .addCertPath(props.get("quarkus.datasource.reactive.trust-certificate-pem.certs")));
        }
        // Quarkus's default is "NONE", which it passes on as no algorithm
        String algorithm = props.getOrDefault("quarkus.datasource.reactive.hostname-verification-algorithm", "NONE");
        options.setHostnameVerificationAlgorithm(algorithm.equalsIgnoreCase("NONE") ? "" : algorithm);
        return options;
    }
}
