package com.convosensei.contracts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A keyset page: {@code next_cursor} is opaque and null on the last page. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Page<T>(
        List<T> items,
        @Schema(nullable = true) String nextCursor) {
}
