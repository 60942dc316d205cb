package com.convosensei.processor.alerts;

import com.convosensei.platform.slack.SlackMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Turns alert events into Slack messages: decide (dedupe, cooldown, digest overflow, no webhook), send with retries,
 * record the outcome on the {@code alerts} row. Also flushes the digest of overflow alerts.
 */
@ApplicationScoped
public class AlertService {

    private final AlertRepository alerts;
    private final AlertSettingsRepository settings;
    private final AlertMessages messages;
    private final SlackAlertSender sender;
    private final AlertsConfig config;
    private final ObjectMapper mapper;

    public AlertService(AlertRepository alerts, AlertSettingsRepository settings, AlertMessages messages,
                        SlackAlertSender sender, AlertsConfig config, ObjectMapper mapper) {
        this.alerts = alerts;
        this.settings = settings;
        this.messages = messages;
        this.sender = sender;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * Handles one event from {@code sensei:alerts}. Fails (so the entry is retried, then dead-lettered) only when
     * Slack stayed unreachable or kept answering 429/5xx through the in-process retries.
     */
    public Uni<Void> handle(AlertEvent event) {
        return settings.current().chain(s -> alerts.conversation(event.conversationId()).chain(info -> {
            if (info == null) {
                Log.debugf("alert %s: conversation %s no longer exists", event.dedupeKey(), event.conversationId());
                return Uni.createFrom().voidItem();
            }
            SlackMessage message = AlertEvent.KIND_HEALTH.equals(event.kind())
                    ? messages.health(event, info) : messages.failure(event, info);
            JsonObject payload = new JsonObject().put("event_id", event.eventId().toString())
                    .put("event", new JsonObject(json(event)))
                    .put("message", new JsonObject(message.toJson()));
            return alerts.decide(event, s, payload).chain(decision -> {
                if (decision.duplicate()) {
                    Log.debugf("alert %s already recorded (%s): skipped", event.dedupeKey(), decision.status());
                    return Uni.createFrom().voidItem();
                }
                if (!decision.send()) {
                    Log.debugf("alert %s recorded as %s", event.dedupeKey(), decision.status());
                    return Uni.createFrom().voidItem();
                }
                if (s.webhookUrl() == null) { // resumed after the webhook was removed
                    return alerts.recordDelivery(decision.id(), AlertRepository.RECORDED, 0, null, null, false);
                }
                return deliver(decision.id(), s.webhookUrl(), message.toJson(), event.dedupeKey())
                        .chain(delivery -> delivery.retryLater()
                                ? Uni.createFrom().failure(new AlertDeliveryException("alert " + event.dedupeKey()
                                        + " not delivered: " + delivery.error()))
                                : Uni.createFrom().voidItem());
            });
        }));
    }

    /**
     * Summarises every overflow ({@code digested}) alert not yet summarised into one message. Delivery failures are
     * recorded on the digest row and logged; they never throw (the next flush carries on with new alerts).
     */
    public Uni<Void> flushDigest() {
        return settings.current().chain(s -> alerts.claimDigest(s.webhookUrl() != null, 500).chain(claim -> {
            if (claim == null) {
                return Uni.createFrom().voidItem();
            }
            SlackMessage message = messages.digest(claim.alerts(), config.digestSampleSize());
            Uni<Void> stored = alerts.attachMessage(claim.digestId(), new JsonObject(message.toJson()));
            if (!AlertRepository.PENDING.equals(claim.status())) {
                Log.infof("digest of %d alerts recorded (no Slack webhook configured)", claim.alerts().size());
                return stored.chain(() -> alerts.markDigestDelivered(claim.digestId()));
            }
            return stored.chain(() -> deliver(claim.digestId(), s.webhookUrl(), message.toJson(), "digest"))
                    .chain(delivery -> delivery.delivered()
                            ? alerts.markDigestDelivered(claim.digestId())
                            : Uni.createFrom().voidItem());
        }));
    }

    private Uni<SlackAlertSender.Delivery> deliver(UUID alertId, String url, String json, String what) {
        return sender.send(url, json).call(d -> {
            Integer status = d.response() == null ? null : d.response().status();
            String body = d.response() == null ? d.error() : d.response().body();
            if (d.delivered()) {
                Log.debugf("alert %s delivered after %d attempt(s)", what, d.attempts());
                return alerts.recordDelivery(alertId, AlertRepository.SENT, d.attempts(), status, body, true);
            }
            Log.warnf("alert %s not delivered after %d attempt(s): %s", what, d.attempts(), d.error());
            return alerts.recordDelivery(alertId, AlertRepository.FAILED, d.attempts(), status, body, false);
        });
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
