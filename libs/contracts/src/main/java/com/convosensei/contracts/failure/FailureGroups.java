package com.convosensei.contracts.failure;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /api/v1/failures/groups}: the failures matching the list's filter counted per type or per usage pattern
 * (of the latest pattern run), largest first. A pattern group's {@code key} is the pattern id (the list's
 * {@code pattern_id} filter); failures of conversations in no pattern form one group with a null key.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FailureGroups(
        @Schema(enumeration = {"type", "pattern"}) String by,
        long total,
        List<FailureGroup> groups) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FailureGroup(@Schema(nullable = true) String key, String label, long count) {
    }
}
