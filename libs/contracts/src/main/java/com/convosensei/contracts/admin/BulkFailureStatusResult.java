package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Outcome of a bulk status change. By ids: per-id {@code updated} (status changed now), {@code unchanged} (already
 * had that status; who/when kept) or {@code not_found}, each id once, in request order. By filter: {@code matched}
 * (failures the filter matched when the change began), {@code updated}, {@code unchanged} (matched but already had
 * that status) and no per-id results.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BulkFailureStatusResult(
        @Schema(enumeration = {"open", "ack", "resolved", "false_positive"}) String status,
        @Schema(nullable = true) Long matched,
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
