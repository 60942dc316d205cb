package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * {@code GET /api/v1/analytics/summary}. {@code failure_rate} = share of conversations with at least one failure;
 * {@code open_failures} counts failures with status open detected in the period; {@code feedback_rate} = share of
 * conversations that received any feedback, {@code negative_feedback_rate} = share with at least one negative item.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AnalyticsSummary(Instant from, Instant to, MetricComparison conversations, MetricComparison messages,
                               MetricComparison averageHealth, MetricComparison failureRate,
                               MetricComparison openFailures, long totalConversations,
                               MetricComparison feedbackRate, MetricComparison negativeFeedbackRate) {
}
