package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code alerts}: every alert decision (sent, suppressed, digested, failed, test). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AlertView(UUID id, String kind, String dedupeKey, UUID conversationId, UUID failureId, String failureType,
                        String severity, String status, JsonNode payload, int attempts, Integer responseStatus,
                        String responseBody, Instant createdAt, Instant sentAt) {
}
