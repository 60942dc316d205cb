package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A KPI for the selected period and the period of equal length before it; {@code change} is relative (null if 0 before). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetricComparison(
        @Schema(nullable = true) Double current,
        @Schema(nullable = true) Double previous,
        @Schema(nullable = true) Double change) {
    public static MetricComparison of(Double current, Double previous) {
        Double change = current == null || previous == null || previous == 0 ? null : (current - previous) / previous;
        return new MetricComparison(current, previous, change);
    }
}
