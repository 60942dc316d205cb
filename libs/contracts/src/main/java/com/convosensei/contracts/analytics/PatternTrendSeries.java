package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.UUID;

/** One pattern's daily series in {@link PatternTrends}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PatternTrendSeries(UUID patternId, List<PatternTrendPoint> points) {
}
