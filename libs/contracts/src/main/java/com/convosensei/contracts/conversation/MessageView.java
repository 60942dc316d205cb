package com.convosensei.contracts.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** One message as the dashboard shows it; {@code id} is Sensei's, {@code external_id} the client's. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MessageView(long id, String externalId, String role, String content, Instant timestamp,
                          JsonNode metadata, Integer latencyMs, Integer tokens, Double sentimentScore) {
}
