package com.convosensei.dashboard.repository;

import java.time.Instant;
import java.util.List;

/**
 * Filters of {@code GET /conversations}; null means "not filtered". {@code from}/{@code to} bound last_activity_at
 * (half-open), {@code types} matches any of the failure types, {@code q} is full-text over message content or an
 * external id prefix, {@code hasNegativeFeedback} whether any feedback on it is negative, {@code tags} metadata
 * key/value pairs that must all hold.
 */
public record ConversationFilter(Instant from, Instant to, Double healthMin, Double healthMax, Boolean hasFailures,
                                 String environment, List<String> types, String q,
                                 Boolean hasNegativeFeedback, List<MetadataTag> tags) {
}
