package com.convosensei.processor.alerts;

import com.convosensei.platform.slack.SlackDeliveryException;
import com.convosensei.platform.slack.SlackResponse;
import com.convosensei.platform.slack.SlackWebhookClient;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Delivers one Slack message with retries: a guard (SmallRye Fault Tolerance) around the shared
 * {@link SlackWebhookClient} retries timeouts, 429 and 5xx answers with exponential backoff, waiting exactly the
 * {@code Retry-After} Slack asks for on a 429. Never fails: the outcome (last answer, attempts, error) comes back as a
 * {@link Delivery} so the caller can record it before deciding whether the stream entry should be retried later.
 */
@ApplicationScoped
public class SlackAlertSender {

    /** A retryable HTTP answer, raised inside the guard so it retries. */
    static final class RetryableAnswer extends RuntimeException {
        final SlackResponse response;

        RetryableAnswer(SlackResponse response) {
            super("webhook answered " + response.status(), null, false, false);
            this.response = response;
        }
    }

    /**
     * What happened: {@code response} is the last HTTP answer (null when none came), {@code error} a short reason
     * when not delivered.
     */
    public record Delivery(SlackResponse response, int attempts, String error) {
        public boolean delivered() {
            return response != null && response.delivered();
        }

        /** Worth another try later (no answer at all, 429 or 5xx); a 4xx such as {@code no_service} is not. */
        public boolean retryLater() {
            return !delivered() && (response == null || response.retryable());
        }
    }

    private final SlackWebhookClient client = SlackWebhookClient.withDefaults();
    private final TypedGuard<Uni<SlackResponse>> guard;

    public SlackAlertSender(AlertsConfig config) {
        long initial = config.retryDelay().toMillis();
        long maxDelay = config.maxRetryDelay().toMillis();
        long maxDuration = config.maxRetryDuration().toMillis();
        this.guard = TypedGuard.create(new TypeLiteral<Uni<SlackResponse>>() {
                })
                .withDescription("slack-alert")
                .withRetry()
                    .maxRetries(config.maxRetries())
                    .delay(initial, ChronoUnit.MILLIS)
                    .jitter(0, ChronoUnit.MILLIS)
                    .maxDuration(maxDuration, ChronoUnit.MILLIS)
                    .whenException(SlackAlertSender::retryable)
                    .withCustomBackoff().strategy(() -> new RetryAfterBackoff(maxDelay, maxDuration)).done()
                    .done()
                .withTimeout().duration(config.attemptTimeout().toMillis(), ChronoUnit.MILLIS).done()
                .build();
    }

    public Uni<Delivery> send(String webhookUrl, String json) {
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<SlackResponse> last = new AtomicReference<>();
        Context context = Vertx.currentContext();
        Uni<Delivery> delivery = guard.get(() -> Uni.createFrom()
                        .completionStage(() -> {
                            attempts.incrementAndGet();
                            return client.post(webhookUrl, json);
                        })
                        .map(response -> {
                            last.set(response);
                            if (response.retryable()) {
                                throw new RetryableAnswer(response);
                            }
                            return response;
                        }))
                .map(response -> new Delivery(response, attempts.get(),
                        response.delivered() ? null : "webhook answered " + response.status()))
                .onFailure().recoverWithItem(e -> new Delivery(last.get(), attempts.get(), reason(e)));
        // the HTTP client and the retry timer complete on their own threads; come back to the caller's context
        return context == null ? delivery : delivery.emitOn(task -> context.runOnContext(v -> task.run()));
    }

    static boolean retryable(Throwable e) {
        return e instanceof RetryableAnswer || e instanceof TimeoutException
                || (e instanceof SlackDeliveryException d && d.timeout());
    }

    private static String reason(Throwable e) {
        if (e instanceof RetryableAnswer r) {
            return "webhook answered " + r.response.status() + " after retries";
        }
        if (e instanceof TimeoutException) {
            return "the webhook did not answer in time";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Doubling delays capped at {@code maxDelay}; a 429's Retry-After is honoured as asked (within the budget). */
    static final class RetryAfterBackoff implements CustomBackoffStrategy {
        private final long maxDelay;
        private final long maxDuration;
        private long next;

        RetryAfterBackoff(long maxDelay, long maxDuration) {
            this.maxDelay = maxDelay;
            this.maxDuration = maxDuration;
        }

        @Override
        public void init(long initialDelayInMillis) {
            next = initialDelayInMillis;
        }

        @Override
        public long nextDelayInMillis(Throwable exception) {
            long delay = next;
            next = Math.min(maxDelay, Math.max(1, next) * 2);
            if (exception instanceof RetryableAnswer r && r.response.retryAfterSeconds() != null) {
                return Math.min(maxDuration, r.response.retryAfterSeconds() * 1000L);
            }
            return delay;
        }
    }
}
