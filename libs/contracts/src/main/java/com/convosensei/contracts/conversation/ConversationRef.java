package com.convosensei.contracts.conversation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Which stored conversation a customer's conversation id names (one per environment that has it). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConversationRef(
        UUID id,
        String externalId,
        String environment,
        Instant lastActivityAt,
        @Schema(nullable = true) Double healthScore) {
}
