package com.convosensei.contracts.ingest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * Body of {@code POST /api/v1/feedback} (and one item of {@code POST /api/v1/feedback/batch}): a user's explicit
 * feedback on a conversation ({@code message_id} absent) or on one of its messages (the client's message id).
 * {@code kind} is {@value #KIND_THUMBS} ({@code value} -1 or 1) or {@value #KIND_RATING} ({@code value} 1..5).
 * Idempotent per (environment, conversation_id, message_id, user_id): a later one replaces an earlier one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeedbackRequest(String conversationId, String environment, String messageId, String userId,
                              String kind, Integer value, String comment, Instant timestamp) {
    public static final String KIND_THUMBS = "thumbs";
    public static final String KIND_RATING = "rating";
    /** Longest comment accepted, in characters. */
    public static final int MAX_COMMENT_LENGTH = 4000;
}
