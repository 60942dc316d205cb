package com.convosensei.contracts.failure;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A failure as {@code GET /failures} and {@code GET /conversations/{id}/failures} return it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FailureView(
        UUID id,
        UUID conversationId,
        @Schema(nullable = true) String conversationExternalId,
        String type,
        @Schema(enumeration = {"low", "medium", "high", "critical"}) String severity,
        double confidence,
        String explanation,
        List<Evidence> evidence,
        String source,
        @Schema(enumeration = {"open", "ack", "resolved", "false_positive"}) String status,
        @Schema(nullable = true) Instant statusChangedAt,
        @Schema(nullable = true) String statusChangedBy,
        Instant detectedAt,
        Instant lastSeenAt) {
}
