package com.convosensei.contracts.ingest;

import com.convosensei.contracts.Limits;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/feedback} (and one item of {@code POST /api/v1/feedback/batch}): a user's explicit
 * feedback on a conversation ({@code message_id} absent) or on one of its messages (the client's message id).
 * {@code kind} is {@value #KIND_THUMBS} ({@code value} -1 or 1) or {@value #KIND_RATING} ({@code value} 1..5).
 * Idempotent per (environment, conversation_id, message_id, user_id): a later one replaces an earlier one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeedbackRequest(
        @Schema(required = true, minLength = 1, maxLength = Limits.MAX_CONVERSATION_ID_LENGTH) String conversationId,
        @Schema(maxLength = Limits.MAX_ENVIRONMENT_LENGTH) String environment,
        @Schema(maxLength = Limits.MAX_MESSAGE_ID_LENGTH) String messageId,
        @Schema(maxLength = Limits.MAX_USER_ID_LENGTH) String userId,
        @Schema(required = true, enumeration = {KIND_THUMBS, KIND_RATING}) String kind,
        @Schema(required = true, minimum = "-1", maximum = "5", description = "thumbs: -1 or 1; rating: 1..5") Integer value,
        @Schema(maxLength = MAX_COMMENT_LENGTH) String comment,
        Instant timestamp) {
    public static final String KIND_THUMBS = "thumbs";
    public static final String KIND_RATING = "rating";
    /** Longest comment accepted, in characters. */
    public static final int MAX_COMMENT_LENGTH = 4000;
}
