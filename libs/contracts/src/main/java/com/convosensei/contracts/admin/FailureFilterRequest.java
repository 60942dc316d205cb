package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The failure list's filter as {@code GET /api/v1/failures} takes it (same names, same values: comma-separated lists,
 * a look-back {@code timeframe} or {@code from}/{@code to}), so a bulk action covers exactly what the list matched.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FailureFilterRequest(
        @Schema(nullable = true, description = "open, ack, resolved, false_positive (comma-separated)") String status,
        @Schema(nullable = true) String type,
        @Schema(nullable = true) String severity,
        @Schema(nullable = true, description = "look-back like 24h or 7d") String timeframe,
        @Schema(nullable = true) String from,
        @Schema(nullable = true) String to,
        @Schema(nullable = true) String conversationId,
        @Schema(nullable = true) String patternId,
        @Schema(nullable = true, description = "the failing conversation's environment") String environment,
        @Schema(nullable = true, description = "metadata tags key:value, all must hold") java.util.List<String> tag) {
}
