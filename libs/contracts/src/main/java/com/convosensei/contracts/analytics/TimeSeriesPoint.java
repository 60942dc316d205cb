package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One bucket [start, end) of a {@link TimeSeries}: conversations whose last activity falls in it. The averages and
 * shares are null when the bucket holds nothing to average (no conversation, or none scored for the health).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TimeSeriesPoint(
        Instant start,
        Instant end,
        long conversations,
        @Schema(nullable = true) Double averageHealth,
        long failingConversations,
        @Schema(nullable = true, description = "conversations with at least one failure / conversations")
        Double failureRate,
        @Schema(nullable = true, description = "conversations with negative feedback / conversations")
        Double negativeFeedbackRate) {
}
