package com.convosensei.contracts.failure;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One piece of evidence for a failure: the message (client id if it sent one, else Sensei's message id as text,
 * else the message's position) and a short excerpt of what triggered the detector.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Evidence(
        @Schema(nullable = true) String messageId,
        @Schema(nullable = true) Integer messageIndex,
        @Schema(nullable = true) String excerpt) {
}
