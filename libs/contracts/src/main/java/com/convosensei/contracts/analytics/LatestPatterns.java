package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /api/v1/analytics/patterns}: the latest succeeded pattern run ({@code run}, null when none has succeeded
 * yet) and its patterns, largest first ({@code patterns}, the same list as {@code run.patterns}; empty when there is
 * no run). {@code active_run} is the queued or running run, if any, so the dashboard can show its progress.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LatestPatterns(
        @Schema(nullable = true) PatternRunView run,
        List<PatternView> patterns,
        @Schema(nullable = true) PatternRunView activeRun) {
}
