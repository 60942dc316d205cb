package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /api/v1/settings} (and the answer to PUT). {@code slack_webhook_url} comes masked
 * ({@code https://hooks.slack.com/services/T0…/…/••••XYZ1}): once saved the secret is never shown again. {@code PUT}
 * takes the same object; absent fields stay as they are, and the masked value sent back unchanged keeps the stored URL.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SettingsView(
        @Schema(nullable = true, description = "masked; send it back unchanged to keep the stored URL") String slackWebhookUrl,
        AlertThresholds alertThresholds,
        @Schema(nullable = true) Instant updatedAt,
        @Schema(nullable = true) String updatedBy) {
}
