package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One UTC day of a pattern's members: how many were active, their average health, the share with a failure. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PatternTrendPoint(LocalDate day, int conversations, @Schema(nullable = true) Double avgHealth,
                                @Schema(nullable = true) Double failureShare) {
}
