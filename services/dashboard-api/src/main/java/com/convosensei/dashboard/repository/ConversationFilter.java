package com.convosensei.dashboard.repository;

import com.convosensei.platform.query.MetadataTag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Filters of {@code GET /conversations}; null means "not filtered". {@code from}/{@code to} bound last_activity_at
 * (half-open), {@code types} matches any of the failure types, {@code q} is full-text over message content or an
 * external id prefix, {@code hasNegativeFeedback} whether any feedback on it is negative, {@code patternId} the usage
 * pattern (of any run) it belongs to, {@code tags} metadata key/value pairs that must all hold.
 */
public record ConversationFilter(Instant from, Instant to, Double healthMin, Double healthMax, Boolean hasFailures,
                                 String environment, List<String> types, String q,
                                 Boolean hasNegativeFeedback, UUID patternId, List<MetadataTag> tags) {
}
