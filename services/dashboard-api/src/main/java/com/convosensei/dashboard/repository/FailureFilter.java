package com.convosensei.dashboard.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Filters of {@code GET /failures}; null means "not filtered"; lists match any of their values except {@code tags},
 * which must all hold. {@code environment} and {@code tags} are the failing conversation's.
 */
public record FailureFilter(List<String> statuses, List<String> types, List<String> severities, Instant from,
                            Instant to, UUID conversationId, String environment, List<MetadataTag> tags) {
}
