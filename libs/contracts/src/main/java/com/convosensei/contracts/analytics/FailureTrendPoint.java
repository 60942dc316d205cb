package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDate;
import java.util.Map;

/** One day of {@code GET /api/v1/analytics/failures/trends}: counts per failure type, every type present (zero-filled). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FailureTrendPoint(LocalDate day, Map<String, Long> counts, long total) {
}
