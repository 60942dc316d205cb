package com.convosensei.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed {@code DATABASE_URL} ({@code postgres://user:password@host:port/database?sslmode=require}), the form
 * Supabase, Heroku and most platforms hand out, turned into what Quarkus needs: a reactive URL for the Vert.x pg
 * client, a JDBC URL for Flyway, and the credentials.
 */
public record DatabaseUrl(String host, int port, String database, String username, String password, String sslMode) {

    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL is empty");
        }
        URI uri = URI.create(url.trim());
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
        return new DatabaseUrl(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(), database, username, password,
                query.get("sslmode"));
    }

    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + (sslMode == null ? "" : "?sslmode=" + sslMode);
    }

    /** The Quarkus properties this URL stands for. */
    public Map<String, String> quarkusProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.datasource.reactive.url", reactiveUrl());
        props.put("quarkus.datasource.jdbc.url", jdbcUrl());
        if (username != null) {
            props.put("quarkus.datasource.username", username);
        }
        if (password != null) {
            props.put("quarkus.datasource.password", password);
        }
        if (sslMode != null && !sslMode.equals("disable")) {
            // libpq's "require" encrypts without verifying the server certificate; the Vert.x client does the same
            // with ssl-mode=require and trust-all (verify-full is passed through and verifies)
            props.put("quarkus.datasource.reactive.postgresql.ssl-mode", sslMode.startsWith("verify") ? "verify-full" : sslMode);
            if (!sslMode.startsWith("verify")) {
                props.put("quarkus.datasource.reactive.trust-all", "true");
            }
        }
        return props;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
