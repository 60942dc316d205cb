package com.convosensei.contracts.failure;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /api/v1/failures/count}: how many failures match the list's filter (what "select all N" offers). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FailureCount(long total) {
}
