package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/failures/{id}/notes}: a note of up to {@value #MAX_BODY} characters. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FailureNoteRequest(
        @NotBlank(message = "must not be blank") @Size(max = MAX_BODY, message = "must be at most 2000 characters") String body) {
    public static final int MAX_BODY = 2000;
}
