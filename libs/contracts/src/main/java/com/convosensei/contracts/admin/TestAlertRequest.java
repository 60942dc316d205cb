package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code POST /api/v1/settings/test-alert}: optional webhook to try instead of the saved one (not saved). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TestAlertRequest(String slackWebhookUrl) {
}
