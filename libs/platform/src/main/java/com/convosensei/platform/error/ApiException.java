package com.convosensei.platform.error;

import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.contracts.error.ErrorDetail;
import java.util.List;

/** Thrown by resources and services for any client-visible failure; {@link ErrorMappers} turns it into the envelope. */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient ApiError error;
    private final transient java.util.Map<String, String> headers;

    public ApiException(int status, ApiError error) {
        this(status, error, java.util.Map.of());
    }

    public ApiException(int status, ApiError error, java.util.Map<String, String> headers) {
        super(error.message(), null, false, false);
        this.status = status;
        this.error = error;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    public ApiError error() {
        return error;
    }

    public java.util.Map<String, String> headers() {
        return headers;
    }

    public static ApiException badRequest(String field, String reason) {
        return new ApiException(400, ApiError.invalid(field, reason));
    }

    public static ApiException badRequest(List<ErrorDetail> details) {
        return new ApiException(400, ApiError.invalid(details));
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, ApiError.of(ErrorCodes.NOT_FOUND, what + " not found"));
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, ApiError.of(ErrorCodes.UNAUTHORIZED, message));
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, ApiError.of(ErrorCodes.CONFLICT, message));
    }

    public static ApiException unavailable(String message, int retryAfterSeconds) {
        return new ApiException(503, ApiError.of(ErrorCodes.UNAVAILABLE, message),
                java.util.Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }
}
