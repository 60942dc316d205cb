package com.convosensei.contracts.analytics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /api/v1/analytics/timeseries}: the period [from, to) in UTC hour or day buckets (the first and last
 * clipped to the period, every bucket present even when empty) and the previous period of equal length, bucket by
 * bucket: {@code previous[i]} is {@code points[i]} moved back by {@code to - from}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TimeSeries(
        Instant from,
        Instant to,
        @Schema(enumeration = {"hour", "day"}) String bucket,
        Instant previousFrom,
        Instant previousTo,
        List<TimeSeriesPoint> points,
        List<TimeSeriesPoint> previous) {
}
