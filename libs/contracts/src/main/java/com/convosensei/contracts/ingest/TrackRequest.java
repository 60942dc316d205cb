package com.convosensei.contracts.ingest;

import com.convosensei.contracts.Limits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/conversations/track} (and one item of the batch endpoint).
 * {@code ended: true} marks the conversation finished.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrackRequest(
        @Schema(required = true, minLength = 1, maxLength = Limits.MAX_CONVERSATION_ID_LENGTH) String conversationId,
        @Schema(maxLength = Limits.MAX_ENVIRONMENT_LENGTH, description = "default: production") String environment,
        @Schema(maxLength = Limits.MAX_USER_ID_LENGTH) String userId,
        @Schema(description = "a JSON object of at most " + Limits.MAX_METADATA_BYTES + " bytes") JsonNode metadata,
        @Schema(required = true, maxItems = Limits.MAX_MESSAGES_PER_REQUEST) List<TrackMessage> messages,
        Boolean ended) {
}
