package com.convosensei.contracts.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One message as the dashboard shows it; {@code id} is Sensei's, {@code external_id} the client's. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MessageView(
        long id,
        @Schema(nullable = true) String externalId,
        @Schema(enumeration = {"user", "assistant", "system", "tool"}) String role,
        String content,
        Instant timestamp,
        @Schema(nullable = true) JsonNode metadata,
        @Schema(nullable = true) Integer latencyMs,
        @Schema(nullable = true) Integer tokens,
        @Schema(nullable = true) Double sentimentScore) {
}
