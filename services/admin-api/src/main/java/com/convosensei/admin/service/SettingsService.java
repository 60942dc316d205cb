package com.convosensei.admin.service;

import com.convosensei.admin.repository.SettingsRepository;
import com.convosensei.contracts.admin.SettingsView;
import com.convosensei.contracts.error.ErrorDetail;
import com.convosensei.platform.error.ApiException;
import com.convosensei.platform.settings.AlertThresholdRules;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates {@code PUT /settings}. The body is read as a JSON tree (not a record) because "absent" (keep)
 * and {@code null} (clear the webhook) mean different things. Every problem is reported at once, by field.
 */
@ApplicationScoped
public class SettingsService {

    /** Fields GET returns that a client may echo back; they are ignored, never written. */
    private static final Set<String> READ_ONLY = Set.of("updated_at", "updated_by");
    private static final String URL = "slack_webhook_url";
    private static final String THRESHOLDS = AlertThresholdRules.FIELD;

    private final SettingsRepository settings;
    private final ObjectMapper mapper;
    private final WebhookUrls webhookUrls;

    public SettingsService(SettingsRepository settings, ObjectMapper mapper, WebhookUrls webhookUrls) {
        this.webhookUrls = webhookUrls;
        this.settings = settings;
        this.mapper = mapper;
    }

    /** The webhook URL comes masked ({@link WebhookUrls#mask}): once saved, it is never shown in clear again. */
    public Uni<SettingsView> get() {
        return settings.get().map(SettingsService::masked);
    }

    static SettingsView masked(SettingsView v) {
        return v == null ? null : new SettingsView(WebhookUrls.mask(v.slackWebhookUrl()), v.alertThresholds(),
                v.updatedAt(), v.updatedBy());
    }

    public Uni<SettingsView> update(JsonNode body, String updatedBy) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object with slack_webhook_url and/or alert_thresholds");
        }
        List<ErrorDetail> errors = new ArrayList<>();
        boolean setUrl = false;
        boolean maskSent = false;
        String url = null;
        ObjectNode thresholds = mapper.createObjectNode(); // none given: merge {} (keep the stored ones)
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case URL -> {
                    setUrl = true;
                    if (value.isNull() || (value.isTextual() && value.asText().isBlank())) {
                        url = null; // clear
                    } else if (!value.isTextual()) {
                        errors.add(new ErrorDetail(URL, "must be a string (or null / \"\" to clear)"));
                    } else if (WebhookUrls.isMasked(value.asText())) {
                        // the value GET returned, sent back with the rest of the form: keep the stored URL if it
                        // is that one's mask (checked below), refuse any other mask
                        maskSent = true;
                        setUrl = false;
                        url = value.asText().strip();
                    } else {
                        url = value.asText().strip();
                        String problem = webhookUrls.problem(url);
                        if (problem != null) {
                            errors.add(new ErrorDetail(URL, problem));
                        }
                    }
                }
                case THRESHOLDS -> thresholds = AlertThresholdRules.validate(value, errors);
                default -> {
                    if (!READ_ONLY.contains(field.getKey())) {
                        errors.add(new ErrorDetail(field.getKey(), "unknown field (allowed: slack_webhook_url, alert_thresholds)"));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        String thresholdsJson = thresholds.toString();
        if (!maskSent) {
            return settings.update(setUrl, url, thresholdsJson, updatedBy).map(SettingsService::masked);
        }
        String sentMask = url;
        return settings.get().chain(current -> {
            if (current.slackWebhookUrl() == null || !sentMask.equals(WebhookUrls.mask(current.slackWebhookUrl()))) {
                throw ApiException.badRequest(URL, "is a masked value that does not match the saved webhook:"
                        + " paste the full webhook URL to replace it");
            }
            return settings.update(false, null, thresholdsJson, updatedBy).map(SettingsService::masked);
        });
    }
}
