package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A pattern analysis run: progress while it runs, its patterns once it succeeded. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PatternRunView(UUID id, String trigger, String status, double progress, String stage,
                             Integer conversationCount, Integer clusterCount, Double silhouette, String error,
                             Instant createdAt, Instant startedAt, Instant finishedAt, List<PatternView> patterns) {
}
