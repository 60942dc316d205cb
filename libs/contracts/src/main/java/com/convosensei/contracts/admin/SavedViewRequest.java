package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST/PUT /api/v1/saved-views}: a named dashboard filter set. {@code scope} says which page it belongs to
 * (default {@code conversations}); {@code config} is the page's own JSON object (filters, sort, columns).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SavedViewRequest(
        @NotBlank @Size(max = 100) String name,
        @Pattern(regexp = "[a-z][a-z0-9_-]{0,31}", message = "must be a lower-case word of at most 32 characters") String scope,
        JsonNode config) {
    public static final String DEFAULT_SCOPE = "conversations";
}
