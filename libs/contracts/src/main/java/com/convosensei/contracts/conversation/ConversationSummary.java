package com.convosensei.contracts.conversation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A row of {@code GET /api/v1/conversations}. {@code health_score} is null until scored; {@code feedback} counts the
 * conversation's negative and positive feedback (zeros when it has none).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConversationSummary(
        UUID id,
        String externalId,
        String environment,
        @Schema(nullable = true) String userId,
        int messageCount,
        @Schema(nullable = true) Instant firstMessageAt,
        @Schema(nullable = true) Instant lastMessageAt,
        Instant lastActivityAt,
        boolean ended,
        @Schema(nullable = true) Double healthScore,
        @Schema(nullable = true) Double sentimentAvg,
        boolean hasFailures,
        int failureCount,
        List<String> failureTypes,
        @Schema(nullable = true, enumeration = {"low", "medium", "high", "critical"}) String maxSeverity,
        @Schema(nullable = true) String lastMessagePreview,
        FeedbackCounts feedback) {
}
