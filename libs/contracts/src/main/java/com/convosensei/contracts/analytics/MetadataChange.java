package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** A metadata value that appears in the period and not in the previous one: when it was first seen, and how often. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetadataChange(String value, Instant firstSeen, long conversations) {
}
