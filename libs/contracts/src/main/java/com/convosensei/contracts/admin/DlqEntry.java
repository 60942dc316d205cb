package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One dead-lettered stream entry: where it came from ({@code origin_stream}, {@code origin_id}), why it failed, how
 * often it was delivered, when it was parked, and the original {@code payload} (the JSON text as it was on the stream).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DlqEntry(
        String id,
        @Schema(nullable = true) String originStream,
        @Schema(nullable = true) String originId,
        @Schema(nullable = true) String error,
        @Schema(nullable = true) Integer deliveries,
        @Schema(nullable = true) String failedAt,
        @Schema(nullable = true) String payload) {
}
