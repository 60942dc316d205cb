package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A top-level conversation metadata key and how many conversations of the period carry it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetadataKeyCount(String key, long conversations) {
}
