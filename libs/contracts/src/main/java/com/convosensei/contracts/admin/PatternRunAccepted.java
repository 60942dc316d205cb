package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /api/v1/analytics/patterns/run} (202): the queued run; follow {@code Location} for its progress. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PatternRunAccepted(
        UUID id,
        String trigger,
        @Schema(enumeration = {"queued", "running", "succeeded", "failed"}) String status,
        @Schema(nullable = true) String requestedBy,
        Instant createdAt,
        @Schema(nullable = true, description = "the environment analysed; null: every environment") String environment) {
}
