package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code PATCH /api/v1/failures/{id}}: move a failure to open, ack, resolved or false_positive. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FailureStatusRequest(@NotNull @Pattern(regexp = STATUSES, message = "must be one of open, ack, resolved, false_positive") String status) {
    public static final String STATUSES = "open|ack|resolved|false_positive";
}
