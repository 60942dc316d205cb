package com.convosensei.contracts.conversation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One item of {@code GET /api/v1/conversations/{id}/feedback}: a user's thumbs or rating on the conversation
 * ({@code message_id} null) or on one of its messages (the client's message id, as {@link MessageView#externalId()}).
 * {@code polarity} is -1 negative, 0 neutral, 1 positive (a rating of 1-2 is negative, 3 neutral, 4-5 positive);
 * {@code user_id} is null for anonymous feedback; {@code source} is {@code api} or {@code otlp}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeedbackView(
        UUID id,
        @Schema(enumeration = {"thumbs", "rating"}) String kind,
        int value,
        @Schema(enumeration = {"-1", "0", "1"}) int polarity,
        @Schema(nullable = true) String comment,
        @Schema(nullable = true) String messageId,
        @Schema(nullable = true) String userId,
        Instant givenAt,
        @Schema(enumeration = {"api", "otlp"}) String source) {
}
