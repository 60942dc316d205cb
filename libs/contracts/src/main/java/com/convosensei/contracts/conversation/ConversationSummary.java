package com.convosensei.contracts.conversation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code GET /api/v1/conversations}. {@code health_score} is null until scored; {@code feedback} counts the
 * conversation's negative and positive feedback (zeros when it has none).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConversationSummary(UUID id, String externalId, String environment, String userId, int messageCount,
                                  Instant firstMessageAt, Instant lastMessageAt, Instant lastActivityAt,
                                  boolean ended, Double healthScore, Double sentimentAvg, boolean hasFailures,
                                  int failureCount, List<String> failureTypes, String maxSeverity,
                                  String lastMessagePreview, FeedbackCounts feedback) {
}
