package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Per-id outcome of a bulk status change: {@code updated} (status changed now), {@code unchanged} (already had that
 * status; who/when kept) or {@code not_found}. Ids appear once each, in request order.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BulkFailureStatusResult(
        @Schema(enumeration = {"open", "ack", "resolved"}) String status,
        int updated,
        int unchanged,
        int notFound,
        List<Item> results) {

    public static final String UPDATED = "updated";
    public static final String UNCHANGED = "unchanged";
    public static final String NOT_FOUND = "not_found";

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Item(
            UUID id,
            @Schema(enumeration = {"updated", "unchanged", "not_found"}) String result) {
    }
}
