package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One usage pattern (cluster) of a pattern run. {@code growth} is relative to the previous run's matching cluster. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PatternView(
        UUID id,
        String label,
        List<String> keywords,
        int size,
        @Schema(nullable = true) Double avgHealth,
        double failureShare,
        Map<String, Double> failureBreakdown,
        @Schema(nullable = true) Integer previousSize,
        @Schema(nullable = true) Double growth,
        List<UUID> sampleConversationIds) {
}
