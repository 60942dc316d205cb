package com.convosensei.platform.settings;

import com.convosensei.contracts.admin.AlertThresholds;
import com.convosensei.contracts.error.ErrorDetail;
import com.convosensei.contracts.failure.Severity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one set of rules for {@code app_settings.alert_thresholds}: what {@code PUT /settings} accepts (admin-api) and
 * how the stored JSON is merged over {@link AlertThresholds#DEFAULTS} when read (admin-api's GET and the processor's
 * alerting), so what the Settings page shows is what the processor alerts with. A stored key that is missing or
 * would be refused on write reads as its default, key by key.
 */
public final class AlertThresholdRules {

    public static final String FIELD = "alert_thresholds";
    public static final int COOLDOWN_MIN = 0;
    public static final int COOLDOWN_MAX = 1440;
    public static final int DIGEST_MIN = 1;
    public static final int DIGEST_MAX = 1000;

    private AlertThresholdRules() {
    }

    /** Null when {@code value} is acceptable for threshold {@code key}, else why not (unknown keys included). */
    public static String problem(String key, JsonNode value) {
        return switch (key) {
            case "min_severity" -> value.isTextual() && Severity.fromWire(value.asText()).isPresent()
                    ? null : "must be one of low, medium, high, critical";
            case "health_below" -> value.isNumber() && value.asDouble() >= 0 && value.asDouble() <= 100
                    ? null : "must be a number from 0 to 100";
            case "cooldown_minutes" -> wholeNumber(value, COOLDOWN_MIN, COOLDOWN_MAX);
            case "digest_after_per_minute" -> wholeNumber(value, DIGEST_MIN, DIGEST_MAX);
            default -> "unknown threshold (allowed: " + String.join(", ", AlertThresholds.KEYS) + ")";
        };
    }

    /**
     * Checks a client's {@code alert_thresholds} object: every problem goes to {@code errors} (field
     * {@code alert_thresholds.<key>}); the returned object holds the accepted keys, to merge over the stored ones.
     */
    public static ObjectNode validate(JsonNode value, List<ErrorDetail> errors) {
        ObjectNode accepted = JsonNodeFactory.instance.objectNode();
        if (value == null || !value.isObject()) {
            errors.add(new ErrorDetail(FIELD, "must be an object with any of " + String.join(", ", AlertThresholds.KEYS)));
            return accepted;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String problem = problem(field.getKey(), field.getValue());
            if (problem == null) {
                accepted.set(field.getKey(), field.getValue());
            } else {
                errors.add(new ErrorDetail(FIELD + "." + field.getKey(), problem));
            }
        }
        return accepted;
    }

    /** The stored object over the defaults; null, a non-object, or a key that fails its rule reads as the default. */
    public static AlertThresholds merge(JsonNode stored) {
        AlertThresholds d = AlertThresholds.DEFAULTS;
        if (stored == null || !stored.isObject()) {
            return d;
        }
        return new AlertThresholds(
                valid(stored, "min_severity") ? stored.get("min_severity").asText() : d.minSeverity(),
                valid(stored, "health_below") ? stored.get("health_below").asDouble() : d.healthBelow(),
                valid(stored, "cooldown_minutes") ? stored.get("cooldown_minutes").asInt() : d.cooldownMinutes(),
                valid(stored, "digest_after_per_minute") ? stored.get("digest_after_per_minute").asInt()
                        : d.digestAfterPerMinute());
    }

    private static boolean valid(JsonNode stored, String key) {
        JsonNode v = stored.get(key);
        return v != null && problem(key, v) == null;
    }

    private static String wholeNumber(JsonNode value, int min, int max) {
        return value.isIntegralNumber() && value.canConvertToInt() && value.asInt() >= min && value.asInt() <= max
                ? null : "must be a whole number from " + min + " to " + max;
    }
}
