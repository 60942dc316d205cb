package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One row of {@code alerts}: every alert decision (sent, suppressed, digested, failed, test). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AlertView(
        UUID id,
        String kind,
        String dedupeKey,
        @Schema(nullable = true) UUID conversationId,
        @Schema(nullable = true) UUID failureId,
        @Schema(nullable = true) String failureType,
        @Schema(nullable = true, enumeration = {"low", "medium", "high", "critical"}) String severity,
        String status,
        @Schema(nullable = true) JsonNode payload,
        int attempts,
        @Schema(nullable = true) Integer responseStatus,
        @Schema(nullable = true) String responseBody,
        Instant createdAt,
        @Schema(nullable = true) Instant sentAt) {
}
