package com.convosensei.admin.service;

import com.convosensei.admin.repository.RetentionSettingsRepository;
import com.convosensei.contracts.Limits;
import com.convosensei.contracts.admin.RetentionSettings;
import com.convosensei.contracts.error.ErrorDetail;
import com.convosensei.platform.error.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates and applies retention periods. A PUT either applies whole or not at all: every bad field is reported
 * (400 with field paths) and nothing changes.
 */
@ApplicationScoped
public class RetentionSettingsService {

    public static final int MIN_DAYS = 1;
    public static final int MAX_DAYS = 3650;
    /** Ingestion's rule for environment names (TrackValidator): 1-64 of letters, digits, '_', '.', '-'. */
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-zA-Z0-9_.-]{1," + Limits.MAX_ENVIRONMENT_LENGTH + "}");
    private static final int MAX_ENVIRONMENTS = 1000;

    private final RetentionSettingsRepository repository;

    public RetentionSettingsService(RetentionSettingsRepository repository) {
        this.repository = repository;
    }

    public Uni<RetentionSettings> get() {
        return repository.get();
    }

    public Uni<RetentionSettings> update(JsonNode body, String actorLabel, String actorSubject) {
        List<RetentionSettings.Environment> changes = parse(body);
        return repository.apply(changes, actorLabel, actorSubject).chain(repository::get);
    }

    static List<RetentionSettings.Environment> parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object like {\"environments\": [{\"environment\": \"production\", \"days\": 90}]}");
        }
        JsonNode list = body.get("environments");
        if (list == null || !list.isArray()) {
            throw ApiException.badRequest("environments", "required: an array of {\"environment\", \"days\"}");
        }
        if (list.size() > MAX_ENVIRONMENTS) {
            throw ApiException.badRequest("environments", "at most " + MAX_ENVIRONMENTS + " entries");
        }
        List<ErrorDetail> errors = new ArrayList<>();
        List<RetentionSettings.Environment> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "environments[" + i + "]";
            JsonNode item = list.get(i);
            if (item == null || !item.isObject()) {
                errors.add(new ErrorDetail(at, "must be an object {\"environment\", \"days\"}"));
                continue;
            }
            JsonNode env = item.get("environment");
            String name = null;
            if (env == null || !env.isTextual() || !ENVIRONMENT.matcher(env.asText()).matches()) {
                errors.add(new ErrorDetail(at + ".environment", "must be 1-" + Limits.MAX_ENVIRONMENT_LENGTH
                        + " characters of letters, digits, '_', '.', '-'"));
            } else if (!seen.add(env.asText())) {
                errors.add(new ErrorDetail(at + ".environment", "is listed twice"));
            } else {
                name = env.asText();
            }
            JsonNode days = item.get("days");
            Integer value = null;
            if (days == null) {
                errors.add(new ErrorDetail(at + ".days", "required: " + MIN_DAYS + ".." + MAX_DAYS + ", or null to keep forever"));
                continue;
            } else if (!days.isNull()) {
                if (!days.isIntegralNumber() || !days.canConvertToInt() || days.asInt() < MIN_DAYS || days.asInt() > MAX_DAYS) {
                    errors.add(new ErrorDetail(at + ".days", "must be an integer " + MIN_DAYS + ".." + MAX_DAYS
                            + ", or null to keep forever"));
                    continue;
                }
                value = days.asInt();
            }
            if (name != null) {
                out.add(new RetentionSettings.Environment(name, value, null, null));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        return out;
    }
}
