package com.convosensei.processor.alerts;

import com.convosensei.platform.metrics.MetricNames;
import com.convosensei.processor.config.ConsumersConfig;
import com.convosensei.platform.metrics.MetricsSetup;
import com.convosensei.platform.slack.SlackMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Turns alert events into Slack messages: decide (dedupe, cooldown, digest overflow, no webhook), send with retries,
 * record the outcome on the {@code alerts} row. Also flushes the digest of overflow alerts. Each event and digest is
 * timed by outcome ({@link MetricNames#ALERTS_HANDLED}: delivered, failed_retrying, failed, recorded, suppressed,
 * digested, duplicate, skipped, error); an entry dead-lettered after its last failed_retrying shows as
 * {@code sensei.stream.dead.lettered{stream="sensei:alerts"}}.
 */
@ApplicationScoped
public class AlertService {

    private final AlertRepository alerts;
    private final AlertSettingsRepository settings;
    private final AlertMessages messages;
    private final SlackAlertSender sender;
    private final AlertsConfig config;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /** Outcome words of {@link MetricNames#ALERTS_HANDLED}. */
    static final String DELIVERED = "delivered";
    static final String FAILED_RETRYING = "failed_retrying";
    static final String FAILED = "failed";
    static final String DUPLICATE = "duplicate";
    static final String SKIPPED = "skipped";
    static final String ERROR = "error";
    static final String KIND_DIGEST = "digest";

    private final ConsumersConfig.Consumer consumer;

    public AlertService(AlertRepository alerts, AlertSettingsRepository settings, AlertMessages messages,
                        SlackAlertSender sender, AlertsConfig config, ObjectMapper mapper, MeterRegistry registry,
                        ConsumersConfig consumers) {
        this.consumer = consumers.of("alerts");
        this.alerts = alerts;
        this.settings = settings;
        this.messages = messages;
        this.sender = sender;
        this.config = config;
        this.mapper = mapper;
        this.registry = registry;
    }

    /**
     * Handles one event from {@code sensei:alerts}. Fails (so the entry is retried, then dead-lettered) only when
     * Slack stayed unreachable or kept answering 429/5xx through the in-process retries.
     */
    public Uni<Void> handle(AlertEvent event) {
        return handle(event, 1);
    }

    /** {@code delivery}: how many times the stream has handed this entry over, this time included (1 on first read). */
    public Uni<Void> handle(AlertEvent event, long delivery) {
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            String kind = AlertEvent.KIND_HEALTH.equals(event.kind()) ? AlertEvent.KIND_HEALTH : AlertEvent.KIND_FAILURE;
            return decideAndDeliver(event, delivery)
                    .invoke(outcome -> timed(kind, outcome, started))
                    .onFailure().invoke(e -> timed(kind, e instanceof AlertDeliveryException ? FAILED_RETRYING : ERROR,
                            started))
                    .replaceWithVoid();
        });
    }

    /** {@link #handle}'s work; completes with the outcome word, fails when the entry must be retried. */
    private Uni<String> decideAndDeliver(AlertEvent event, long streamDelivery) {
        return settings.current().chain(s -> alerts.conversation(event.conversationId()).chain(info -> {
            if (info == null) {
                Log.debugf("alert %s: conversation %s no longer exists", event.dedupeKey(), event.conversationId());
                return Uni.createFrom().item(SKIPPED);
            }
            SlackMessage message = AlertEvent.KIND_HEALTH.equals(event.kind())
                    ? messages.health(event, info) : messages.failure(event, info);
            JsonObject payload = new JsonObject().put("event_id", event.eventId().toString())
                    .put("event", new JsonObject(json(event)))
                    .put("message", new JsonObject(message.toJson()));
            return alerts.decide(event, s, payload).chain(decision -> {
                if (decision.duplicate()) {
                    Log.debugf("alert %s already recorded (%s): skipped", event.dedupeKey(), decision.status());
                    return Uni.createFrom().item(DUPLICATE);
                }
                if (!decision.send()) {
                    Log.debugf("alert %s recorded as %s", event.dedupeKey(), decision.status());
                    return Uni.createFrom().item(decision.id() == null ? SKIPPED : decided(decision.status()));
                }
                if (s.webhookUrl() == null) { // resumed after the webhook was removed
                    return alerts.recordDelivery(decision.id(), AlertRepository.RECORDED, 0, null, null, false)
                            .replaceWith(AlertRepository.RECORDED);
                }
                return deliver(decision.id(), s.webhookUrl(), message.toJson(), event.dedupeKey(), streamDelivery)
                        .chain(delivery -> delivery.retryLater()
                                ? Uni.createFrom().failure(new AlertDeliveryException("alert " + event.dedupeKey()
                                        + " not delivered: " + delivery.error()))
                                : Uni.createFrom().item(delivery.delivered() ? DELIVERED : FAILED));
            });
        }));
    }

    /**
     * Summarises every overflow ({@code digested}) alert not yet summarised into one message. Delivery failures are
     * recorded on the digest row and logged; they never throw (the next flush carries on with new alerts).
     */
    public Uni<Void> flushDigest() {
        long started = System.nanoTime();
        return settings.current().chain(s -> alerts.claimDigest(s.webhookUrl() != null, 500).chain(claim -> {
            if (claim == null) {
                return Uni.createFrom().voidItem();
            }
            SlackMessage message = messages.digest(claim.alerts(), config.digestSampleSize());
            Uni<Void> stored = alerts.attachMessage(claim.digestId(), new JsonObject(message.toJson()));
            if (!AlertRepository.PENDING.equals(claim.status())) {
                Log.infof("digest of %d alerts recorded (no Slack webhook configured)", claim.alerts().size());
                return stored.chain(() -> alerts.markDigestDelivered(claim.digestId()))
                        .invoke(() -> timed(KIND_DIGEST, AlertRepository.RECORDED, started));
            }
            // a failed digest is not retried: its alerts stay claimed and show as one failed digest row
            return stored.chain(() -> deliver(claim.digestId(), s.webhookUrl(), message.toJson(), "digest", 0))
                    .invoke(delivery -> timed(KIND_DIGEST, delivery.delivered() ? DELIVERED : FAILED, started))
                    .chain(delivery -> delivery.delivered()
                            ? alerts.markDigestDelivered(claim.digestId())
                            : Uni.createFrom().voidItem());
        }));
    }

    /** The outcome word of a decision that sends nothing: recorded (no webhook), suppressed or digested. */
    private static String decided(String status) {
        return switch (status) {
            case AlertRepository.RECORDED, AlertRepository.SUPPRESSED, AlertRepository.DIGESTED -> status;
            default -> DUPLICATE; // already sent by this same event (a redelivery after success)
        };
    }

    private void timed(String kind, String outcome, long startedNanos) {
        timers.computeIfAbsent(kind + "/" + outcome, k -> Timer.builder(MetricNames.ALERTS_HANDLED)
                        .tag(MetricNames.TAG_KIND, kind).tag(MetricNames.TAG_OUTCOME, outcome)
                        .description("one alert event or digest handled, decision and delivery included")
                        .serviceLevelObjectives(MetricsSetup.LATENCY_BUCKETS).register(registry))
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * When the alerts consumer hands a failed entry over again: a 429/5xx/no answer fails the entry, which stays
     * pending until XAUTOCLAIM takes it after claim-idle (checked every claim-interval), up to max-deliveries. Null
     * when no retry comes ({@code delivery} 0 = not a stream entry, e.g. the digest).
     */
    java.time.Duration nextRetryIn(SlackAlertSender.Delivery d, long delivery) {
        if (d.delivered() || !d.retryLater() || delivery <= 0 || delivery >= consumer.maxDeliveries()) {
            return null;
        }
        return consumer.claimIdle().plus(consumer.claimInterval());
    }

    private Uni<SlackAlertSender.Delivery> deliver(UUID alertId, String url, String json, String what, long delivery) {
        return sender.send(url, json).call(d -> {
            Integer status = d.response() == null ? null : d.response().status();
            String body = d.response() == null ? d.error() : d.response().body();
            if (d.delivered()) {
                Log.debugf("alert %s delivered after %d attempt(s)", what, d.attempts());
                return alerts.recordDelivery(alertId, AlertRepository.SENT, d.attempts(), status, body, true);
            }
            Log.warnf("alert %s not delivered after %d attempt(s): %s", what, d.attempts(), d.error());
            return alerts.recordDelivery(alertId, AlertRepository.FAILED, d.attempts(), status, body, false,
                    nextRetryIn(d, delivery));
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
