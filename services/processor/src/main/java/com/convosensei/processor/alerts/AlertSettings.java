package com.convosensei.processor.alerts;

import com.convosensei.contracts.admin.AlertThresholds;
import com.convosensei.contracts.failure.Severity;

/**
 * The alerting part of {@code app_settings}: where to post ({@code webhookUrl}, null = nowhere, alerts are only
 * recorded) and when (thresholds, every missing value filled from {@link AlertThresholds#DEFAULTS}).
 */
public record AlertSettings(String webhookUrl, AlertThresholds thresholds) {

    public AlertSettings {
        webhookUrl = webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl.strip();
        AlertThresholds d = AlertThresholds.DEFAULTS;
        AlertThresholds t = thresholds == null ? d : thresholds;
        thresholds = new AlertThresholds(
                Severity.fromWire(t.minSeverity()).map(Severity::wire).orElse(d.minSeverity()),
                t.healthBelow() == null ? d.healthBelow() : t.healthBelow(),
                t.cooldownMinutes() == null ? d.cooldownMinutes() : Math.max(0, t.cooldownMinutes()),
                t.digestAfterPerMinute() == null ? d.digestAfterPerMinute() : Math.max(1, t.digestAfterPerMinute()));
    }

    public static final AlertSettings DEFAULTS = new AlertSettings(null, AlertThresholds.DEFAULTS);

    public Severity minSeverity() {
        return Severity.fromWire(thresholds.minSeverity()).orElse(Severity.HIGH);
    }

    public double healthBelow() {
        return thresholds.healthBelow();
    }

    public int cooldownMinutes() {
        return thresholds.cooldownMinutes();
    }

    public int digestAfterPerMinute() {
        return thresholds.digestAfterPerMinute();
    }

    /** A new failure of this severity alerts. */
    public boolean alertsOn(Severity severity) {
        return severity != null && severity.atLeast(minSeverity());
    }

    /** The health score went from at-or-above the threshold (or unscored) to below it. */
    public boolean healthCrossedBelow(Double previous, double current) {
        double limit = healthBelow();
        return current < limit && (previous == null || previous >= limit);
    }
}
