package com.convosensei.admin.service;

import com.convosensei.admin.repository.AlertRepository;
import com.convosensei.admin.repository.AlertRepository.DeliveryStats;
import com.convosensei.admin.repository.AlertRepository.FailedDelivery;
import com.convosensei.contracts.admin.AlertDeliveryHealth;
import com.convosensei.contracts.admin.AlertDeliveryView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Are alerts reaching Slack? Failed deliveries (with Slack's answer, cleaned for display, and the processor's next
 * retry) and one verdict, {@code failing}, that the dashboard's banner shows to everyone.
 */
@ApplicationScoped
public class AlertDeliveryService {

    /** This many failed deliveries in a row mean alerts are failing, however old. */
    public static final int FAILING_AFTER = 3;
    /** Without a success since, one failure this recent means alerts are failing. */
    static final Duration RECENT = Duration.ofHours(1);
    /** Characters of the webhook's answer shown. */
    static final int MAX_ANSWER = 200;
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|wss?)://\\S+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final AlertRepository alerts;

    public AlertDeliveryService(AlertRepository alerts) {
        this.alerts = alerts;
    }

    public Uni<AlertDeliveryHealth> health(int limit) {
        Instant now = Instant.now();
        return alerts.deliveryStats(FAILING_AFTER).chain(stats -> alerts.failedDeliveries(limit)
                .map(failed -> health(stats, failed.stream().map(f -> view(f, now)).toList(), now)));
    }

    static AlertDeliveryHealth health(DeliveryStats s, List<AlertDeliveryView> failed, Instant now) {
        boolean streak = s.lastN() >= FAILING_AFTER && s.lastNFailed() == s.lastN();
        boolean recent = s.lastFailureAt() != null && s.lastFailureAt().isAfter(now.minus(RECENT))
                && (s.lastSuccessAt() == null || s.lastSuccessAt().isBefore(s.lastFailureAt()));
        boolean failing = streak || recent;
        String summary = failing && !failed.isEmpty() ? summary(failed.get(0)) : null;
        return new AlertDeliveryHealth(failing, summary, s.lastFailureAt(), s.lastSuccessAt(), s.failedLastHour(),
                FAILING_AFTER, failed);
    }

    /** "Slack answered 404 no_service", or why no answer came. */
    static String summary(AlertDeliveryView d) {
        if (d.responseStatus() == null) {
            return d.answer() == null || d.answer().isBlank() ? "Slack could not be reached"
                    : "Slack could not be reached (" + d.answer() + ")";
        }
        return "Slack answered " + d.responseStatus() + (d.answer() == null || d.answer().isBlank() ? "" : " " + d.answer());
    }

    static AlertDeliveryView view(FailedDelivery f, Instant now) {
        Instant retry = f.nextRetryAt();
        // a retry time that passed long ago (the processor was down, or the entry went to the DLQ) is not "coming"
        boolean retrying = retry != null && retry.isAfter(now.minus(Duration.ofMinutes(5)));
        return new AlertDeliveryView(f.id(), f.kind(), retrying ? "retrying" : "failed", f.conversationId(),
                f.failureType(), f.responseStatus(), answer(f.responseBody()), f.attempts(), f.createdAt(),
                f.lastAttemptAt(), retrying ? retry : null);
    }

    /** The webhook's answer for display: one line, URLs removed (an error text may carry the webhook's), shortened. */
    static String answer(String body) {
        if (body == null) {
            return null;
        }
        String text = SPACES.matcher(URL.matcher(body).replaceAll("[link removed]")).replaceAll(" ").strip();
        return text.length() <= MAX_ANSWER ? text : text.substring(0, MAX_ANSWER - 1) + "\u2026";
    }
}
