package com.convosensei.contracts.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** One message of a tracked conversation. {@code role}: user | assistant | system | tool. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrackMessage(String id, String role, String content, Instant timestamp, JsonNode metadata,
                           Integer latencyMs, Integer tokens) {
}
