package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Scored conversations with {@code min <= health_score < max} (the last bucket, 90-100, includes 100). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HealthBucket(int min, int max, long count) {
}
