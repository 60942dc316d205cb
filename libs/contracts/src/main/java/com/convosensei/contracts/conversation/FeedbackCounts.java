package com.convosensei.contracts.conversation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** How many feedback items on a conversation are negative and positive (neutral ratings are in neither). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeedbackCounts(int negative, int positive) {
}
