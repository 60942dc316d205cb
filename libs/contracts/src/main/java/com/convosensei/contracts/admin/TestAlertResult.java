package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the webhook answered to the test message ({@code delivered} = 2xx), and the {@code alerts} row recording it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TestAlertResult(
        boolean delivered,
        int status,
        @Schema(nullable = true) String body,
        @Schema(nullable = true) UUID alertId) {
}
