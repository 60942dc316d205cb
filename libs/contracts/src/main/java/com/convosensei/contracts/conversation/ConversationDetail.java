package com.convosensei.contracts.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/conversations/{id}}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConversationDetail(
        UUID id,
        String externalId,
        String environment,
        @Schema(nullable = true) String userId,
        @Schema(nullable = true) JsonNode metadata,
        int messageCount,
        @Schema(nullable = true) Instant firstMessageAt,
        @Schema(nullable = true) Instant lastMessageAt,
        Instant lastActivityAt,
        boolean ended,
        @Schema(nullable = true) Instant endedAt,
        @Schema(nullable = true) String endedReason,
        @Schema(nullable = true) Double healthScore,
        @Schema(nullable = true) String healthVersion,
        @Schema(nullable = true) Instant scoredAt,
        @Schema(nullable = true) Double sentimentAvg,
        @Schema(nullable = true) Double sentimentMin,
        @Schema(nullable = true) Double sentimentLast,
        @Schema(nullable = true) Double sentimentTrend,
        boolean hasFailures,
        int failureCount,
        List<String> failureTypes,
        @Schema(nullable = true, enumeration = {"low", "medium", "high", "critical"}) String maxSeverity,
        Instant createdAt) {
}
