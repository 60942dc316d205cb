package com.convosensei.platform.error;

import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.contracts.error.ErrorDetail;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every exception a request can end in into the one error envelope, so no service answers a stack trace
 * and no client mistake becomes a 500. Lives in the shared platform library; each service gets it by depending on it.
 */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder builder = Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(e.error());
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<ErrorDetail> details = e.getConstraintViolations().stream()
                .map(v -> new ErrorDetail(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(ErrorDetail::field))
                .collect(Collectors.toList());
        return json(400, ApiError.invalid(details));
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String reason = e.getOriginalMessage() == null ? "invalid value" : firstLine(e.getOriginalMessage());
        if (field.isEmpty()) {
            return json(400, new ApiError("malformed JSON: " + reason, ErrorCodes.MALFORMED_JSON, List.of()));
        }
        return json(400, new ApiError(field + ": " + reason, ErrorCodes.VALIDATION_FAILED, List.of(new ErrorDetail(field, reason))));
    }

    /** Quarkus' own mapper for this type answers an empty 400; this one takes precedence and names the field. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return jsonMapping(e);
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonProcessingException e) {
        return json(400, new ApiError("malformed JSON: " + firstLine(e.getOriginalMessage()), ErrorCodes.MALFORMED_JSON, List.of()));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return json(401, ApiError.of(ErrorCodes.UNAUTHORIZED, "a valid bearer token is required"));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return json(401, ApiError.of(ErrorCodes.UNAUTHORIZED, "the bearer token is invalid or expired"));
    }

    /** A known user without the role an endpoint needs: say which role, and for a user with none, what to do. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, jakarta.ws.rs.container.ContainerRequestContext request) {
        jakarta.ws.rs.core.SecurityContext security = request.getSecurityContext();
        boolean hasRole = security != null && (security.isUserInRole("viewer") || security.isUserInRole("admin"));
        return json(403, ApiError.of(ErrorCodes.FORBIDDEN, hasRole
                ? "this needs the admin role"
                : "your account has no Sensei role: ask an admin to make you a viewer or admin"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // Quarkus REST wraps body parse errors in a plain 400: answer them as what they are
        if (e.getCause() instanceof JsonMappingException mapping) {
            return jsonMapping(mapping);
        }
        if (e.getCause() instanceof JsonProcessingException parse) {
            return jsonParse(parse);
        }
        int status = e.getResponse().getStatus();
        String code = ErrorCodes.forStatus(status);
        if (status >= 500) {
            Log.errorf(e, "request failed with %d", status);
        }
        String message = status >= 500 ? "internal error" : e.getMessage() == null ? "request refused" : e.getMessage();
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(ApiError.of(code, message));
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        Log.error("unhandled error", e);
        return json(500, ApiError.of(ErrorCodes.INTERNAL, "internal error"));
    }

    static Response json(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }

    /** "create.request.name" (method, parameter, field) becomes "name"; a bare parameter keeps its own name. */
    static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder out = new StringBuilder();
        int index = 0;
        for (Path.Node node : violation.getPropertyPath()) {
            index++;
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> {
                    continue;
                }
                case PARAMETER -> {
                    // keep the parameter name only when nothing more specific follows
                    if (index == count(violation.getPropertyPath())) {
                        out.append(node.getName());
                    }
                    continue;
                }
                default -> {
                }
            }
            // Bean Validation puts a container's index on the element node that follows it
            if (node.isInIterable()) {
                out.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getName() == null) {
                continue;
            }
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(node.getName());
        }
        return snake(out.toString());
    }

    private static int count(Path path) {
        int n = 0;
        for (Path.Node ignored : path) {
            n++;
        }
        return n;
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable body";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
