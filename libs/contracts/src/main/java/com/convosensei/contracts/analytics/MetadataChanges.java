package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /api/v1/analytics/changes}: values of conversation metadata {@code key} that are new in [from, to)
 * (absent from the previous period of equal length), oldest first, at most a bounded number ({@code truncated}
 * when more exist). {@code baseline} is the value most conversations of the previous period carried.
 * {@code keys} lists the metadata keys the period's conversations carry, most common first, to choose from.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetadataChanges(
        String key,
        Instant from,
        Instant to,
        @Schema(nullable = true) String baseline,
        List<MetadataChange> changes,
        boolean truncated,
        List<MetadataKeyCount> keys) {
}
