package com.convosensei.processor.alerts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/**
 * Payload of a {@code sensei:alerts} entry: something worth telling a person about, decided by the process consumer
 * right after it committed a scoring. Only the processor produces and consumes it, so it lives here rather than in
 * the contracts library.
 *
 * @param eventId  unique per event: lets a redelivered entry resume its own {@code alerts} row instead of being
 *                 mistaken for a duplicate of it
 * @param kind     {@link #KIND_FAILURE} (a new failure at or above the configured severity) or {@link #KIND_HEALTH}
 *                 (the health score crossed below the threshold)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AlertEvent(UUID eventId, String kind, UUID conversationId, UUID failureId, String failureType,
                         String severity, Double confidence, String explanation, String excerpt, Double healthScore,
                         Double previousHealthScore, Double healthThreshold, Instant detectedAt) {

    public static final String KIND_FAILURE = "failure";
    public static final String KIND_HEALTH = "health";

    public static AlertEvent failure(UUID conversationId, UUID failureId, String type, String severity,
                                     double confidence, String explanation, String excerpt, Double healthScore) {
        return new AlertEvent(UUID.randomUUID(), KIND_FAILURE, conversationId, failureId, type, severity, confidence,
                explanation, excerpt, healthScore, null, null, Instant.now());
    }

    public static AlertEvent health(UUID conversationId, double healthScore, Double previousHealthScore,
                                    double threshold, String summary) {
        return new AlertEvent(UUID.randomUUID(), KIND_HEALTH, conversationId, null, null, null, null, summary, null,
                healthScore, previousHealthScore, threshold, Instant.now());
    }

    /**
     * One alert per conversation and type, ever: a failure type alerts once per conversation however many
     * fingerprints of it appear, and a conversation's health alerts once however often it dips.
     */
    public String dedupeKey() {
        return KIND_HEALTH.equals(kind) ? "health:" + conversationId : "failure:" + conversationId + ":" + failureType;
    }
}
