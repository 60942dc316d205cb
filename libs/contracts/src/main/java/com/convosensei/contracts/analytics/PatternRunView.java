package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A pattern analysis run: progress while it runs, its patterns once it succeeded. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PatternRunView(
        UUID id,
        String trigger,
        @Schema(enumeration = {"queued", "running", "succeeded", "failed"}) String status,
        double progress,
        @Schema(nullable = true) String stage,
        @Schema(nullable = true) Integer conversationCount,
        @Schema(nullable = true) Integer clusterCount,
        @Schema(nullable = true) Double silhouette,
        @Schema(nullable = true) String error,
        Instant createdAt,
        @Schema(nullable = true) Instant startedAt,
        @Schema(nullable = true) Instant finishedAt,
        @Schema(nullable = true) List<PatternView> patterns,
        @Schema(nullable = true, description = "the environment analysed; null: every environment") String environment) {
}
