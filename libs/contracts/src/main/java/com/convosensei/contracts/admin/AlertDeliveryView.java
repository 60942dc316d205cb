package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One alert delivery that did not reach Slack. {@code state}: {@code retrying} (the processor will try again at
 * {@code next_retry_at}) or {@code failed} (no retry comes: Slack refused it, e.g. 404 no_service, or the retries are
 * used up). {@code answer} is what the webhook answered, shortened and with any URL removed; never the webhook URL.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AlertDeliveryView(
        UUID id,
        @Schema(enumeration = {"failure", "health", "digest", "test"}) String kind,
        @Schema(enumeration = {"retrying", "failed"}) String state,
        @Schema(nullable = true) UUID conversationId,
        @Schema(nullable = true) String failureType,
        @Schema(nullable = true) Integer responseStatus,
        @Schema(nullable = true) String answer,
        int attempts,
        Instant createdAt,
        @Schema(nullable = true) Instant lastAttemptAt,
        @Schema(nullable = true) Instant nextRetryAt) {
}
