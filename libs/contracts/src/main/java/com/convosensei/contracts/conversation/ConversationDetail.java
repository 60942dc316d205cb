package com.convosensei.contracts.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code GET /api/v1/conversations/{id}}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConversationDetail(UUID id, String externalId, String environment, String userId, JsonNode metadata,
                                 int messageCount, Instant firstMessageAt, Instant lastMessageAt,
                                 Instant lastActivityAt, boolean ended, Instant endedAt, String endedReason,
                                 Double healthScore, String healthVersion, Instant scoredAt, Double sentimentAvg,
                                 Double sentimentMin, Double sentimentLast, Double sentimentTrend, boolean hasFailures,
                                 int failureCount, List<String> failureTypes, String maxSeverity, Instant createdAt) {
}
