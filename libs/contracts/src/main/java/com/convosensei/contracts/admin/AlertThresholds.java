package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * When the processor alerts (the {@code app_settings.alert_thresholds} JSON object):
 * <ul>
 *   <li>{@code min_severity}: failures at this severity or worse alert (low|medium|high|critical);</li>
 *   <li>{@code health_below}: a scored conversation under this health (0-100) alerts;</li>
 *   <li>{@code cooldown_minutes}: at most one alert per failure type within this many minutes (0-1440);</li>
 *   <li>{@code digest_after_per_minute}: beyond this many alerts a minute, the rest go into one digest (1-1000).</li>
 * </ul>
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AlertThresholds(
        @Schema(enumeration = {"low", "medium", "high", "critical"}) String minSeverity,
        Double healthBelow,
        Integer cooldownMinutes,
        Integer digestAfterPerMinute) {

    public static final AlertThresholds DEFAULTS = new AlertThresholds("high", 40.0, 10, 5);

    /** The keys accepted on the wire, in order. */
    public static final java.util.List<String> KEYS = java.util.List.of("min_severity", "health_below", "cooldown_minutes",
            "digest_after_per_minute");
}
