package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code GET /api/v1/scope}: what the dashboard's scope picker offers. {@code environments} are every environment
 * that has conversations, most conversations first; {@code tags} are the most common top-level metadata keys and
 * their most common values among the {@code tags_sampled} most recently active conversations (of the requested
 * environment when one is given), so the answer stays cheap however many conversations there are.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScopeOptions(List<EnvironmentOption> environments, List<TagOption> tags, long tagsSampled) {
}
