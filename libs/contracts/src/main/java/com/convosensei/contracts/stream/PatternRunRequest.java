package com.convosensei.contracts.stream;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/**
 * Payload of a {@value #STREAM} entry (JSON in {@link Streams#FIELD_PAYLOAD}): run the pattern analysis for the
 * {@code pattern_runs} row {@code run_id} (admin-api inserted it with status {@code queued}; the consumer moves it
 * to running, then succeeded/failed).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PatternRunRequest(UUID runId, String requestedBy, Instant requestedAt) {
    public static final String STREAM = "sensei:patterns";
}
