package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/**
 * An API key in the list: never the key itself nor its hash. {@code revoked_at} set = no longer accepted.
 * {@code otlp_conversation_attribute}: the span/resource attribute naming the conversation in OTLP exports (or null).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApiKeyView(UUID id, String name, String prefix, Instant createdAt, String createdBy, Instant lastUsedAt,
                         Instant revokedAt, String revokedBy, String otlpConversationAttribute) {
}
