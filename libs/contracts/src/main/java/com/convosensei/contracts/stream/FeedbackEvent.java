package com.convosensei.contracts.stream;

import com.convosensei.contracts.ingest.FeedbackRequest;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/**
 * Payload of a {@value Streams#FEEDBACK} entry: one validated feedback item, who sent it, when, and through which
 * door ({@value #SOURCE_API} or {@value #SOURCE_OTLP}, stored in {@code feedback.source}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeedbackEvent(FeedbackRequest feedback, UUID apiKeyId, Instant receivedAt, String source) {
    public static final String SOURCE_API = "api";
    public static final String SOURCE_OTLP = "otlp";
}
