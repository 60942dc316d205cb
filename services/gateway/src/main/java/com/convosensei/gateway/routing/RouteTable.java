package com.convosensei.gateway.routing;

import com.convosensei.contracts.ApiPaths;
import java.util.List;

/**
 * Which service answers a given {@code /api/v1} request. Reads go to dashboard-api, writes and administration to
 * admin-api, intake to ingestion-gateway. Resources that both read and write (failures, analytics) split by method.
 * Kept as plain data so the rules are readable in one place and unit-testable.
 */
public final class RouteTable {

    public enum Upstream { DASHBOARD, ADMIN, INGESTION }

    private static final String API = "/api/v1";

    /** Paths (prefixes) owned by admin-api whatever the method. */
    private static final List<String> ADMIN_PREFIXES = List.of(
            API + "/auth", API + "/api-keys", API + "/saved-views", API + "/settings", API + "/admin", API + "/alerts",
            API + "/members", API + "/users", API + "/retention", API + "/me", API + "/email");

    /** Paths (prefixes) served by dashboard-api for reads and by admin-api for writes. */
    private static final List<String> SPLIT_PREFIXES = List.of(API + "/failures", API + "/analytics");

    private RouteTable() {
    }

    public static Upstream route(String method, String path) {
        if (isOtlp(path)) {
            return Upstream.INGESTION;
        }
        if (path.equals(API + "/conversations/track") || path.startsWith(API + "/conversations/track/")) {
            return Upstream.INGESTION;
        }
        // the feedback API (API key, POST) is intake too
        if (matches(path, API + "/feedback")) {
            return Upstream.INGESTION;
        }
        // erasing a conversation is administration; reading one stays with dashboard-api
        if (method.equals("DELETE") && path.startsWith(API + "/conversations/")) {
            return Upstream.ADMIN;
        }
        for (String prefix : ADMIN_PREFIXES) {
            if (matches(path, prefix)) {
                return Upstream.ADMIN;
            }
        }
        for (String prefix : SPLIT_PREFIXES) {
            if (matches(path, prefix)) {
                return isRead(method) ? Upstream.DASHBOARD : Upstream.ADMIN;
            }
        }
        return Upstream.DASHBOARD;
    }

    /**
     * OTLP/HTTP trace export, outside {@code /api/v1}: the plain {@code /v1/traces} and the public
     * {@code /api/public/otel/v1/traces} (what exporters build from {@code OTEL_EXPORTER_OTLP_ENDPOINT=<url>/api/public/otel}).
     */
    public static boolean isOtlp(String path) {
        return path.equals(ApiPaths.OTLP_TRACES) || path.equals(ApiPaths.OTLP_TRACES_PUBLIC);
    }

    /** The path the upstream serves for this one: ingestion-gateway serves OTLP at {@code /v1/traces} only. */
    public static String upstreamPath(String path) {
        return path.equals(ApiPaths.OTLP_TRACES_PUBLIC) ? ApiPaths.OTLP_TRACES : path;
    }

    private static boolean matches(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }
}
