package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/v1/analytics/patterns/runs/{id}/trends}: for each pattern of the run, its member conversations per
 * UTC day of [from, to) by last activity: how many, their average health and the share with a failure. Every day of
 * the range is present in every series (zero conversations, null health and share on a quiet day).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PatternTrends(UUID runId, Instant from, Instant to, List<PatternTrendSeries> patterns) {
}
