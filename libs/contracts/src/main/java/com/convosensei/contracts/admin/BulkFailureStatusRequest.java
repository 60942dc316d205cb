package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /api/v1/failures/bulk-status}: up to {@value #MAX_IDS} failure ids (uuids) moved to one status. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BulkFailureStatusRequest(
        @NotNull @Size(min = 1, max = MAX_IDS) List<@NotNull String> ids,
        @NotNull @Pattern(regexp = FailureStatusRequest.STATUSES, message = "must be one of open, ack, resolved") String status) {
    public static final int MAX_IDS = 500;
}
