package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /api/v1/alerts/deliveries}: whether alerts are reaching Slack, and the recent deliveries that did not.
 * {@code failing} is true when the last {@code failing_after} attempted deliveries all failed, or one failed within
 * the last hour and none succeeded after it. {@code summary} says why in words ("Slack answered 404 no_service").
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AlertDeliveryHealth(
        boolean failing,
        @Schema(nullable = true) String summary,
        @Schema(nullable = true) Instant lastFailureAt,
        @Schema(nullable = true) Instant lastSuccessAt,
        int failedLastHour,
        int failingAfter,
        List<AlertDeliveryView> deliveries) {
}
