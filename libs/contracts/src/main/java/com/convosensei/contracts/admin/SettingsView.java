package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /api/v1/settings} (and the answer to PUT). {@code slack_webhook_url} is returned whole: this is the
 * admin API and the Settings page edits it. {@code PUT} takes the same object; absent fields stay as they are.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SettingsView(
        @Schema(nullable = true) String slackWebhookUrl,
        AlertThresholds alertThresholds,
        @Schema(nullable = true) Instant updatedAt,
        @Schema(nullable = true) String updatedBy) {
}
