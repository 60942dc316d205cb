package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** A saved view as admin-api returns it; views are private to their owner (the token's subject). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SavedView(UUID id, String name, String scope, JsonNode config, Instant createdAt, Instant updatedAt) {
}
