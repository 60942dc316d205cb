package com.convosensei.ingestion.rest;

import com.convosensei.contracts.error.ApiError;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One conversation's outcome in a batch: {@code status} 202 with {@code event_id}, or 400/503 with {@code error}
 * (the usual envelope, field paths prefixed with {@code conversations[i].}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchItemResult(int index, String conversationId, int status, String eventId, ApiError error) {
}
