package com.convosensei.contracts.conversation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code GET /api/v1/conversations/{id}/health}; {@code scored} is false (and score null) before the first scoring. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HealthView(UUID conversationId, boolean scored, Double score, String version, Instant scoredAt,
                         List<HealthComponent> components, String summary) {
}
