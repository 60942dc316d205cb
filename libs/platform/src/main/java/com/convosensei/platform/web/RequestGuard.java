package com.convosensei.platform.web;

import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.platform.json.JsonChecks;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The HTTP-level answers no JAX-RS mapper sees, in the error envelope like every other 4xx:
 * <ul>
 *   <li>a URI or header block over the limit (414, 431). Vert.x itself answers an empty 414/431 past
 *       {@code quarkus.http.limits.*}; those limits are set well above ours (platform microprofile-config) so it
 *       is this guard that answers;</li>
 *   <li>a URI whose percent-escapes are malformed or not UTF-8, or that decodes to U+0000 (PostgreSQL cannot
 *       store it: it used to surface as a 500 from the database) — 400 naming the parameter;</li>
 *   <li>any route failure (Quarkus' own body-size 413, a handler that failed) and a path no route serves (404).</li>
 * </ul>
 */
@ApplicationScoped
public class RequestGuard {

    /** Longest request target (path + query) served; Vert.x's hard limit is set higher so this answers first. */
    public static final int MAX_URI_LENGTH = 8 * 1024;
    /** Largest header block (names + values) served; likewise below Vert.x's hard limit. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;

    /** Characters RFC 3986 allows raw in a request target (java.net.URI's rule, which Quarkus' own check used). */
    private static final java.util.BitSet URI_CHARS = new java.util.BitSet(128);

    static {
        String allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%";
        allowed.chars().forEach(URI_CHARS::set);
    }

    private final ObjectMapper mapper;

    public RequestGuard(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        // right after the request log (MIN_VALUE + 5), before any route reads a parameter this refuses
        router.route().order(Integer.MIN_VALUE + 8).handler(this::guard);
        // after every service's own failure handlers (they answer their own cases first, e.g. ingestion's 413),
        // before Quarkus' default one (order MAX_VALUE), which answers outside the envelope
        router.route().order(Integer.MAX_VALUE - 1).failureHandler(this::failed);
        router.errorHandler(404, ctx -> answer(ctx, 404, ApiError.of(ErrorCodes.NOT_FOUND,
                "no such endpoint: " + ctx.request().method() + " " + safePath(ctx))));
        // failures before any route runs (Vert.x refuses a path it cannot decode with a bare 400) or that no
        // failure handler answered
        for (int status : new int[] {400, 401, 403, 413, 414, 415, 431, 500, 503}) {
            router.errorHandler(status, this::failed);
        }
        router.errorHandler(405, ctx -> answer(ctx, 405, ApiError.of(ErrorCodes.METHOD_NOT_ALLOWED,
                "method " + ctx.request().method() + " is not allowed here")));
    }

    private void guard(RoutingContext ctx) {
        String uri = ctx.request().uri();
        if (uri.length() > MAX_URI_LENGTH) {
            answer(ctx, 414, new ApiError("the request URI is longer than " + MAX_URI_LENGTH + " characters",
                    ErrorCodes.VALIDATION_FAILED,
                    java.util.List.of(new com.convosensei.contracts.error.ErrorDetail("uri",
                            "must be at most " + MAX_URI_LENGTH + " characters (got " + uri.length() + ")"))));
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> h : ctx.request().headers()) {
            headerBytes += h.getKey().length() + h.getValue().length() + 4;
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            answer(ctx, 431, new ApiError("the request headers are larger than " + MAX_HEADER_BYTES + " bytes",
                    ErrorCodes.VALIDATION_FAILED,
                    java.util.List.of(new com.convosensei.contracts.error.ErrorDetail("headers",
                            "must be at most " + MAX_HEADER_BYTES + " bytes in all"))));
            return;
        }
        ApiError problem = uriProblem(uri);
        if (problem != null) {
            answer(ctx, 400, problem);
            return;
        }
        // an empty Accept header made Quarkus' content negotiation throw (a 500): it asks for nothing in particular
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        if (accept != null && accept.isBlank()) {
            ctx.request().headers().remove(HttpHeaders.ACCEPT);
        }
        ctx.next();
    }

    /** Why the request target cannot be served as written, or null. Checks the path and each query name/value. */
    static ApiError uriProblem(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            if (!URI_CHARS.get(uri.charAt(i) < 128 ? uri.charAt(i) : 0)) {
                return ApiError.invalid("uri", "has a character that must be percent-encoded (at " + i + ")");
            }
        }
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String reason = decodeProblem(path, false);
        if (reason != null) {
            return ApiError.invalid("path", reason);
        }
        if (q < 0) {
            return null;
        }
        for (String pair : uri.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String nameProblem = decodeProblem(rawName, true);
            String name = nameProblem == null ? decode(rawName, true) : "query";
            if (nameProblem != null) {
                return ApiError.invalid("query", "parameter name " + nameProblem);
            }
            if (eq >= 0) {
                String valueProblem = decodeProblem(pair.substring(eq + 1), true);
                if (valueProblem != null) {
                    return ApiError.invalid(name.length() > 64 ? "query" : name, valueProblem);
                }
            }
        }
        return null;
    }

    private static String decodeProblem(String raw, boolean plusIsSpace) {
        String decoded;
        try {
            decoded = decode(raw, plusIsSpace);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        String text = JsonChecks.textProblem(decoded);
        return text == null ? null : text;
    }

    /** Strict percent-decoding: every escape two hex digits, the bytes valid UTF-8. */
    static String decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 3);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("has a malformed percent-escape (want %XX with two hex digits)");
                }
                bytes.put((byte) ((Character.digit(raw.charAt(i + 1), 16) << 4) | Character.digit(raw.charAt(i + 2), 16)));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.put((byte) ' ');
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("is not valid UTF-8 once percent-decoded");
        }
    }

    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        String code = ErrorCodes.forStatus(status);
        if (ctx.failure() instanceof IllegalArgumentException && status == 500) {
            // Vert.x' own URI/parameter decoding: the client's mistake, not ours
            status = 400;
            code = ErrorCodes.VALIDATION_FAILED;
        }
        if (status >= 500) {
            Log.errorf(ctx.failure(), "%s %s failed with %d", ctx.request().method(), safePath(ctx), status);
        }
        String message = switch (status) {
            case 413 -> "the request body is too large";
            case 400 -> "the request is malformed";
            default -> status >= 500 ? "internal error" : "request refused";
        };
        answer(ctx, status, ApiError.of(code, message));
    }

    private void answer(RoutingContext ctx, int status, ApiError error) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            // too late for an envelope: cut the connection rather than let a truncated body pass for a whole one
            ctx.request().connection().close();
            return;
        }
        String body;
        try {
            body = mapper.writeValueAsString(error);
        } catch (JsonProcessingException e) {
            body = "{\"message\":\"internal error\",\"code\":\"internal_error\",\"details\":[]}";
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (status == 413 || status == 414 || status == 431) {
            response.putHeader(HttpHeaders.CONNECTION, "close"); // the rest of the request is not read
        }
        response.end(body);
    }

    private static String safePath(RoutingContext ctx) {
        String path = ctx.request().path();
        return path == null ? "" : path.length() > 200 ? path.substring(0, 200) + "..." : path;
    }
}
