package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/analytics/failures/trends}: failures detected in [from, to) per UTC day; {@code points} holds
 * every day of the range and each point's {@code counts} every type in {@code types} (zero-filled).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FailureTrends(Instant from, Instant to, List<String> types, List<FailureTrendPoint> points) {
}
