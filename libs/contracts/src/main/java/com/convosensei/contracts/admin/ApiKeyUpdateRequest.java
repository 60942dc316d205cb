package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.Pattern;

/**
 * {@code PATCH /api/v1/api-keys/{id}}: the key's settings. {@code otlp_conversation_attribute} names the span or
 * resource attribute that holds the conversation id in OTLP exports sent with this key, tried after the conventional
 * ones (docs/otlp.md); null clears it. Takes effect at ingestion within its key cache TTL (30 s).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApiKeyUpdateRequest(@Pattern(regexp = ATTRIBUTE_PATTERN, message = ATTRIBUTE_RULE)
                                  String otlpConversationAttribute) {
    /** The same rule as the column's check (V12). */
    public static final String ATTRIBUTE_PATTERN = "[A-Za-z0-9_.:/-]{1,255}";
    public static final String ATTRIBUTE_RULE = "must be 1-255 characters of letters, digits, '_', '.', ':', '/' or '-'";
}
