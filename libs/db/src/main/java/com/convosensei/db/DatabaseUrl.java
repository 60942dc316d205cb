package com.convosensei.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code DATABASE_URL} ({@code postgres://user:password@host:port/database?sslmode=require}), the form
 * Supabase, Heroku and most platforms hand out. Query parameters understood (others are refused, so a typo is not
 * silently ignored): {@code sslmode} (libpq's values), {@code sslrootcert} (path of the CA that signs the server's
 * certificate) and {@code pgbouncer=true} (the URL points at a transaction-mode pooler).
 *
 * <p>{@link DatabaseSettings} turns one or two of these (the service URL and the migration URL) into Quarkus
 * properties.
 */
public record DatabaseUrl(String host, int port, String database, String username, String password, String sslMode,
                          String sslRootCert, boolean pgbouncer) {

    /** libpq's sslmode values, weakest first. */
    public static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    private static final Set<String> QUERY_PARAMETERS = Set.of("sslmode", "sslrootcert", "pgbouncer");

    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL is empty");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            // the message of URISyntaxException quotes the whole URL, password included
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL (percent-encode special characters in the password)");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("postgres") || scheme.equals("postgresql"))) {
            throw new IllegalArgumentException("DATABASE_URL must start with postgres:// or postgresql://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL has no host");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        String database = path.isEmpty() ? "postgres" : decode(path);
        String username = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            username = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        Map<String, String> query = query(uri.getRawQuery());
        for (String name : query.keySet()) {
            if (!QUERY_PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("DATABASE_URL parameter '" + name + "' is not supported (supported: "
                        + String.join(", ", QUERY_PARAMETERS.stream().sorted().toList()) + ")");
            }
        }
        String sslMode = query.get("sslmode");
        if (sslMode != null && !SSL_MODES.contains(sslMode)) {
            throw new IllegalArgumentException("DATABASE_URL sslmode '" + sslMode + "' is not one of "
                    + "disable, allow, prefer, require, verify-ca, verify-full");
        }
        String pgbouncer = query.get("pgbouncer");
        if (pgbouncer != null && !(pgbouncer.equals("true") || pgbouncer.equals("false"))) {
            throw new IllegalArgumentException("DATABASE_URL pgbouncer must be true or false");
        }
        String rootCert = query.get("sslrootcert");
        return new DatabaseUrl(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(), database, username, password,
                sslMode, rootCert == null || rootCert.isBlank() ? null : rootCert, "true".equals(pgbouncer));
    }

    /** The URL Vert.x's pg client takes; TLS and credentials travel as separate properties. */
    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** pgjdbc's URL (Flyway), with the TLS settings pgjdbc reads the libpq way; {@code caFile} may be null. */
    public String jdbcUrl(String caFile) {
        StringBuilder url = new StringBuilder("jdbc:postgresql://" + host + ":" + port + "/" + database);
        char sep = '?';
        if (sslMode != null) {
            url.append(sep).append("sslmode=").append(sslMode);
            sep = '&';
        }
        if (caFile != null && sslMode != null && !sslMode.equals("disable")) {
            url.append(sep).append("sslrootcert=").append(caFile);
        }
        return url.toString();
    }

    public String jdbcUrl() {
        return jdbcUrl(sslRootCert);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            out.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        // never print the password (records print every component)
        return "DatabaseUrl[" + host + ":" + port + "/" + database + ", user=" + username + ", sslmode=" + sslMode
                + ", pgbouncer=" + pgbouncer + "]";
    }
}
