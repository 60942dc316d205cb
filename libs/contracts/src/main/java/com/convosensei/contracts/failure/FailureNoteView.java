package com.convosensei.contracts.failure;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/** A note a person left on a failure ({@code GET/POST /api/v1/failures/{id}/notes}), oldest first in lists. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FailureNoteView(UUID id, UUID failureId, String author, String body, Instant createdAt) {
}
