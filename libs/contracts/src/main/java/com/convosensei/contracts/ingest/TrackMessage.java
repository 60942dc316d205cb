package com.convosensei.contracts.ingest;

import com.convosensei.contracts.Limits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One message of a tracked conversation. {@code role}: user | assistant | system | tool. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrackMessage(
        @Schema(maxLength = Limits.MAX_MESSAGE_ID_LENGTH) String id,
        @Schema(required = true, enumeration = {Role.USER, Role.ASSISTANT, Role.SYSTEM, Role.TOOL}) String role,
        @Schema(required = true, description = "at most " + Limits.MAX_MESSAGE_CONTENT_BYTES + " bytes of UTF-8") String content,
        @Schema(required = true) Instant timestamp,
        JsonNode metadata,
        @Schema(minimum = "0") Integer latencyMs,
        @Schema(minimum = "0") Integer tokens) {
}
