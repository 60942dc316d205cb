package com.convosensei.contracts.conversation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/**
 * One item of {@code GET /api/v1/conversations/{id}/feedback}: a user's thumbs or rating on the conversation
 * ({@code message_id} null) or on one of its messages (the client's message id, as {@link MessageView#externalId()}).
 * {@code polarity} is -1 negative, 0 neutral, 1 positive (a rating of 1-2 is negative, 3 neutral, 4-5 positive);
 * {@code user_id} is null for anonymous feedback; {@code source} is {@code api} or {@code otlp}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeedbackView(UUID id, String kind, int value, int polarity, String comment, String messageId,
                           String userId, Instant givenAt, String source) {
}
