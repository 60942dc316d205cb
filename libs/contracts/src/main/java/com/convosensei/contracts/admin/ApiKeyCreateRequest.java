package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/api-keys}. {@code otlp_conversation_attribute} (optional): see {@link ApiKeyUpdateRequest}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApiKeyCreateRequest(@NotBlank @Size(max = 100) String name,
                                  @Pattern(regexp = ApiKeyUpdateRequest.ATTRIBUTE_PATTERN,
                                          message = ApiKeyUpdateRequest.ATTRIBUTE_RULE)
                                  String otlpConversationAttribute) {
}
