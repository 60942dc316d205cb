package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One environment with its conversations counted up to a cap: when {@code conversations_capped} is true the
 * environment has at least {@code conversations} (the count stopped there to stay cheap).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EnvironmentOption(String name, long conversations, boolean conversationsCapped,
                                Instant lastActivityAt) {
}
