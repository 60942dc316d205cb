package com.convosensei.contracts.stream;

import com.convosensei.contracts.ingest.TrackRequest;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/** Payload of a {@code sensei:ingest} entry: one validated track request and who sent it when. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IngestEvent(TrackRequest conversation, UUID apiKeyId, Instant receivedAt) {
}
