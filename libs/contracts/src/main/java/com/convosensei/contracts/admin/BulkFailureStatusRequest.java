package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /api/v1/failures/bulk-status}: move failures to one status, chosen either by {@code ids} (up to
 * {@value #MAX_IDS} uuids) or by {@code filter} (every failure the list's filter matches). With a filter,
 * {@code expected_count} is the count the person saw and confirmed: the request is refused (409) when more failures
 * match now, and never changes more than that many. {@code status: open} reopens (only ack, resolved or false_positive
 * failures).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BulkFailureStatusRequest(
        @Schema(nullable = true) @Size(min = 1, max = MAX_IDS) List<@NotNull String> ids,
        @Schema(nullable = true) @Valid FailureFilterRequest filter,
        @Schema(nullable = true) @Min(value = 0, message = "must be 0 or more") Long expectedCount,
        @NotNull @Pattern(regexp = FailureStatusRequest.STATUSES, message = "must be one of open, ack, resolved, false_positive") String status) {
    public static final int MAX_IDS = 500;
}
