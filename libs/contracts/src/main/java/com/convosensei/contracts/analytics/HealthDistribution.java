package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/analytics/health-distribution}: health scores of the conversations active in [from, to) in ten
 * buckets (0-10 ... 90-100, always all ten, zero-filled); {@code unscored} counts those not scored yet.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HealthDistribution(Instant from, Instant to, List<HealthBucket> buckets, long scored, long unscored) {
}
