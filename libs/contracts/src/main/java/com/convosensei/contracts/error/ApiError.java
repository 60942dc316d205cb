package com.convosensei.contracts.error;

import java.util.List;

/**
 * The one error envelope every Sensei service answers with: {@code {message, code, details[]}}.
 * {@code code} is a stable machine-readable word (see {@link ErrorCodes}); {@code details} names each offending field.
 */
public record ApiError(String message, String code, List<ErrorDetail> details) {

    public ApiError {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static ApiError of(String code, String message) {
        return new ApiError(message, code, List.of());
    }

    public static ApiError invalid(String field, String reason) {
        return new ApiError(field + ": " + reason, ErrorCodes.VALIDATION_FAILED, List.of(new ErrorDetail(field, reason)));
    }

    public static ApiError invalid(List<ErrorDetail> details) {
        String message = details.isEmpty() ? "request is invalid"
                : details.get(0).field() + ": " + details.get(0).reason()
                        + (details.size() > 1 ? " (and " + (details.size() - 1) + " more)" : "");
        return new ApiError(message, ErrorCodes.VALIDATION_FAILED, details);
    }
}
