package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * {@code GET /api/v1/analytics/summary}. {@code failure_rate} = share of conversations with at least one failure;
 * {@code open_failures} counts failures with status open detected in the period.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AnalyticsSummary(Instant from, Instant to, MetricComparison conversations, MetricComparison messages,
                               MetricComparison averageHealth, MetricComparison failureRate,
                               MetricComparison openFailures, long totalConversations) {
}
