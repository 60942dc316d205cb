package com.convosensei.contracts.conversation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/conversations/{id}/health}; {@code scored} is false (and score null) before the first scoring. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HealthView(
        UUID conversationId,
        boolean scored,
        @Schema(nullable = true) Double score,
        @Schema(nullable = true) String version,
        @Schema(nullable = true) Instant scoredAt,
        @Schema(nullable = true) List<HealthComponent> components,
        @Schema(nullable = true) String summary) {
}
