package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A top-level metadata key, how many sampled conversations carry it, and its most common values. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TagOption(String key, long conversations, List<TagValueOption> values) {
}
