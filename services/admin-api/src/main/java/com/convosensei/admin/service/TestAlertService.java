package com.convosensei.admin.service;

import com.convosensei.admin.config.SlackConfig;
import com.convosensei.admin.repository.AlertRepository;
import com.convosensei.admin.repository.SettingsRepository;
import com.convosensei.contracts.admin.TestAlertResult;
import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.platform.error.ApiException;
import com.convosensei.platform.slack.SlackDeliveryException;
import com.convosensei.platform.slack.SlackMessage;
import com.convosensei.platform.slack.SlackResponse;
import com.convosensei.platform.slack.SlackWebhookClient;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * "Send test alert" on the Settings page: posts one message to the saved (or given) webhook, once, no retries, and
 * reports exactly what the webhook answered. Every attempt is recorded in {@code alerts} (kind {@code test}).
 */
@ApplicationScoped
public class TestAlertService {

    private final SettingsRepository settings;
    private final AlertRepository alerts;
    private final SlackWebhookClient slack;
    private final SlackConfig config;
    private final WebhookUrls webhookUrls;

    public TestAlertService(SettingsRepository settings, AlertRepository alerts, SlackWebhookClient slack, SlackConfig config,
            WebhookUrls webhookUrls) {
        this.settings = settings;
        this.alerts = alerts;
        this.slack = slack;
        this.config = config;
        this.webhookUrls = webhookUrls;
    }

    /** Slack answers with a short word ("ok", "invalid_token", "no_service"); anything else is not echoed. */
    static final int MAX_ANSWER_CHARS = 64;
    private static final java.util.regex.Pattern SLACK_ANSWER = java.util.regex.Pattern.compile("[A-Za-z0-9_.: -]{0," + MAX_ANSWER_CHARS + "}");
    /** The one message for every failure to get an HTTP answer, so the error says nothing about what is listening where. */
    static final String NO_ANSWER = "the Slack webhook could not be reached or did not answer";

    public Uni<TestAlertResult> send(String givenUrl, String actor) {
        if (givenUrl != null && WebhookUrls.isMasked(givenUrl)) {
            // the masked saved URL sent back: test the saved webhook (a mask of another URL cannot be tried)
            return settings.get().chain(s -> {
                if (s.slackWebhookUrl() == null || !givenUrl.strip().equals(WebhookUrls.mask(s.slackWebhookUrl()))) {
                    throw ApiException.badRequest("slack_webhook_url",
                            "is a masked value that does not match the saved webhook: paste the full URL to test it");
                }
                return send(null, actor);
            });
        }
        Uni<String> target;
        boolean draft;
        if (givenUrl != null && !givenUrl.isBlank()) {
            String problem = webhookUrls.problem(givenUrl.strip());
            if (problem != null) {
                throw ApiException.badRequest("slack_webhook_url", problem);
            }
            target = Uni.createFrom().item(givenUrl.strip());
            draft = true;
        } else {
            draft = false;
            target = settings.get().map(s -> {
                if (s.slackWebhookUrl() == null) {
                    throw ApiException.badRequest("slack_webhook_url",
                            "no Slack webhook is configured: save one in settings or pass slack_webhook_url");
                }
                // saved before the allowlist existed (or the allowlist changed since): refuse it the same way
                String problem = webhookUrls.problem(s.slackWebhookUrl());
                if (problem != null) {
                    throw ApiException.badRequest("slack_webhook_url", "the saved webhook " + problem);
                }
                return s.slackWebhookUrl();
            });
        }
        String payload = message(actor).toJson();
        return target.flatMap(url -> {
            Executor here = onCurrentContext();
            return Uni.createFrom().completionStage(() -> slack.post(url, payload))
                    .emitOn(here) // the JDK client completes on its own threads; come back before using the pool
                    .onItemOrFailure().transformToUni((response, failure) -> record(payload, response, failure, draft));
        });
    }

    private Uni<TestAlertResult> record(String payload, SlackResponse response, Throwable failure, boolean draft) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            // the cause (refused, timeout, TLS, DNS) goes to the log only: in the answer it would be a port scanner
            Log.warnf("test alert not delivered: %s", cause instanceof SlackDeliveryException ? cause.getMessage() : cause.toString());
            return alerts.recordTest(payload, false, null, NO_ANSWER, draft)
                    .map(id -> {
                        throw new ApiException(502, ApiError.of(ErrorCodes.BAD_GATEWAY, NO_ANSWER));
                    });
        }
        String answer = slackAnswer(response.body());
        return alerts.recordTest(payload, response.delivered(), response.status(), answer, draft)
                .map(id -> new TestAlertResult(response.delivered(), response.status(), answer, id));
    }

    /** Slack's own short answer as is; any other body only as its length (it may be another service's data). */
    static String slackAnswer(String body) {
        if (body == null) {
            return "";
        }
        String trimmed = body.strip();
        return SLACK_ANSWER.matcher(trimmed).matches() ? trimmed
                : "(answer not shown: " + body.length() + " characters, not a Slack reply)";
    }

    SlackMessage message(String actor) {
        SlackMessage m = SlackMessage.text("Sensei test alert: Slack notifications are working")
                .header("Sensei test alert")
                .section("This is a test from *Sensei* settings, sent by " + SlackMessage.escape(actor)
                        + ". Alerts about failing conversations will arrive in this channel.")
                .context("Sent " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " \u2022 no action needed");
        config.publicUrl().filter(u -> !u.isBlank()).ifPresent(u -> m.button("Open Sensei", u));
        return m;
    }

    /** Runs tasks on the caller's Vert.x context (the request's), or inline when there is none. */
    private static Executor onCurrentContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
    }
}
