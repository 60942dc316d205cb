package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An API key in the list: never the key itself nor its hash. {@code revoked_at} set = no longer accepted.
 * {@code otlp_conversation_attribute}: the span/resource attribute naming the conversation in OTLP exports (or null).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApiKeyView(
        UUID id,
        String name,
        String prefix,
        Instant createdAt,
        @Schema(nullable = true) String createdBy,
        @Schema(nullable = true) Instant lastUsedAt,
        @Schema(nullable = true) Instant revokedAt,
        @Schema(nullable = true) String revokedBy,
        @Schema(nullable = true) String otlpConversationAttribute) {
}
