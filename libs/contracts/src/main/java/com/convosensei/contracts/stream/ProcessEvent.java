package com.convosensei.contracts.stream;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/** Payload of a {@code sensei:process} entry: (re)score this conversation. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProcessEvent(UUID conversationId, String reason, Instant requestedAt) {
    public static final String REASON_INGEST = "ingest";
    public static final String REASON_INACTIVITY = "inactivity";
    public static final String REASON_MANUAL = "manual";
    /** Explicit feedback was stored for the conversation. */
    public static final String REASON_FEEDBACK = "feedback";
}
