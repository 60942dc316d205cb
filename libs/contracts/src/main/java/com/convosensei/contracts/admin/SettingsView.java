package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * {@code GET /api/v1/settings} (and the answer to PUT). {@code slack_webhook_url} is returned whole: this is the
 * admin API and the Settings page edits it. {@code PUT} takes the same object; absent fields stay as they are.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SettingsView(String slackWebhookUrl, AlertThresholds alertThresholds, Instant updatedAt, String updatedBy) {
}
