package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /api/v1/retention}: the environments that have a retention period (every other environment keeps its
 * conversations forever). {@code PUT} takes the same shape and changes only the environments it lists; {@code days}
 * null removes the period (keep forever). Read-only fields ({@code updated_at}, {@code updated_by}) are ignored.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RetentionSettings(List<Environment> environments) {

    /** {@code days}: 1..3650; conversations whose last activity is older are deleted by the daily job. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Environment(
            String environment,
            @Schema(nullable = true, description = "null: kept forever") Integer days,
            @Schema(nullable = true) Instant updatedAt,
            @Schema(nullable = true) String updatedBy) {
    }
}
