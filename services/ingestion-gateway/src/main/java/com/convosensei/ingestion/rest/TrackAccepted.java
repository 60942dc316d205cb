package com.convosensei.ingestion.rest;

/**
 * 202 body of {@code POST /api/v1/conversations/track} and {@code POST /api/v1/feedback}: the stream entry id is the
 * event id.
 */
public record TrackAccepted(boolean accepted, String conversationId, String eventId) {
}
