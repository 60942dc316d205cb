package com.convosensei.contracts.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Body of {@code POST /api/v1/conversations/track} (and one item of the batch endpoint).
 * {@code ended: true} marks the conversation finished.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrackRequest(String conversationId, String environment, String userId, JsonNode metadata,
                           List<TrackMessage> messages, Boolean ended) {
}
