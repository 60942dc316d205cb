package com.convosensei.admin.service;

import com.convosensei.admin.repository.SettingsRepository;
import com.convosensei.contracts.admin.AlertThresholds;
import com.convosensei.contracts.admin.SettingsView;
import com.convosensei.contracts.error.ErrorDetail;
import com.convosensei.contracts.failure.Severity;
import com.convosensei.platform.error.ApiException;
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
    private static final String THRESHOLDS = "alert_thresholds";

    private final SettingsRepository settings;
    private final ObjectMapper mapper;
    private final WebhookUrls webhookUrls;

    public SettingsService(SettingsRepository settings, ObjectMapper mapper, WebhookUrls webhookUrls) {
        this.webhookUrls = webhookUrls;
        this.settings = settings;
        this.mapper = mapper;
    }

    public Uni<SettingsView> get() {
        return settings.get();
    }

    public Uni<SettingsView> update(JsonNode body, String updatedBy) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object with slack_webhook_url and/or alert_thresholds");
        }
        List<ErrorDetail> errors = new ArrayList<>();
        boolean setUrl = false;
        String url = null;
        ObjectNode thresholds = mapper.createObjectNode();
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
                    } else {
                        url = value.asText().strip();
                        String problem = webhookUrls.problem(url);
                        if (problem != null) {
                            errors.add(new ErrorDetail(URL, problem));
                        }
                    }
                }
                case THRESHOLDS -> validateThresholds(value, thresholds, errors);
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
        return settings.update(setUrl, url, thresholds.toString(), updatedBy);
    }

    private static void validateThresholds(JsonNode value, ObjectNode out, List<ErrorDetail> errors) {
        if (!value.isObject()) {
            errors.add(new ErrorDetail(THRESHOLDS, "must be an object with any of " + String.join(", ", AlertThresholds.KEYS)));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = THRESHOLDS + "." + field.getKey();
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "min_severity" -> {
                    if (v.isTextual() && Severity.fromWire(v.asText()).isPresent()) {
                        out.put(field.getKey(), v.asText());
                    } else {
                        errors.add(new ErrorDetail(name, "must be one of low, medium, high, critical"));
                    }
                }
                case "health_below" -> {
                    if (v.isNumber() && v.asDouble() >= 0 && v.asDouble() <= 100) {
                        out.put(field.getKey(), v.asDouble());
                    } else {
                        errors.add(new ErrorDetail(name, "must be a number from 0 to 100"));
                    }
                }
                case "cooldown_minutes" -> integer(v, 0, 1440, field.getKey(), out, errors);
                case "digest_after_per_minute" -> integer(v, 1, 1000, field.getKey(), out, errors);
                default -> errors.add(new ErrorDetail(name, "unknown threshold (allowed: " + String.join(", ", AlertThresholds.KEYS) + ")"));
            }
        }
    }

    private static void integer(JsonNode v, int min, int max, String key, ObjectNode out, List<ErrorDetail> errors) {
        if (v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= min && v.asInt() <= max) {
            out.put(key, v.asInt());
        } else {
            errors.add(new ErrorDetail(THRESHOLDS + "." + key, "must be a whole number from " + min + " to " + max));
        }
    }
}
