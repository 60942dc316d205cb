package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One value of a metadata key (numbers and booleans as their JSON text) and how many sampled conversations have it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TagValueOption(String value, long conversations) {
}
