package com.convosensei.contracts.conversation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** What {@code conversations.health_breakdown} holds (JSON) and {@code GET /conversations/{id}/health} returns. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HealthBreakdown(double score, String version, List<HealthComponent> components, String summary) {
}
