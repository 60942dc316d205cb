package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/** {@code POST /api/v1/analytics/patterns/run} (202): the queued run; follow {@code Location} for its progress. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PatternRunAccepted(UUID id, String trigger, String status, String requestedBy, Instant createdAt) {
}
