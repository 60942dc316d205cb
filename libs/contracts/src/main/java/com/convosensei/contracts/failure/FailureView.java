package com.convosensei.contracts.failure;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A failure as {@code GET /failures} and {@code GET /conversations/{id}/failures} return it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FailureView(UUID id, UUID conversationId, String conversationExternalId, String type, String severity,
                          double confidence, String explanation, List<Evidence> evidence, String source,
                          String status, Instant statusChangedAt, String statusChangedBy, Instant detectedAt,
                          Instant lastSeenAt) {
}
