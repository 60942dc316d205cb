package com.convosensei.contracts.conversation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One part of a health score: {@code name} (sentiment_trajectory, failures, resolution, efficiency,
 * responsiveness), its own 0-100 {@code score}, its {@code weight} (weights sum to 1) and a sentence a person reads.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HealthComponent(String name, double score, double weight, String reason) {
}
