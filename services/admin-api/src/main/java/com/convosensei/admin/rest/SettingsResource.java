package com.convosensei.admin.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.admin.service.SettingsService;
import com.convosensei.admin.service.TestAlertService;
import com.convosensei.contracts.admin.SettingsView;
import com.convosensei.contracts.admin.TestAlertRequest;
import com.convosensei.contracts.admin.TestAlertResult;
import com.convosensei.platform.error.ApiException;
import com.convosensei.platform.json.JsonChecks;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import com.convosensei.contracts.admin.AlertThresholds;

/**
 * The single app-wide settings row: Slack webhook and alert thresholds. GET returns the webhook URL masked (it is a
 * secret: whoever has it can post to the channel); PUT updates only the fields it carries and is idempotent.
 */
@Path("/api/v1/settings")
@RolesAllowed(Roles.ADMIN)
public class SettingsResource {

    /** The settings body is {@code {"alert_thresholds": {...}}} at its deepest. */
    static final int MAX_BODY_DEPTH = 4;

    private final SettingsService settings;
    private final TestAlertService testAlerts;
    private final JsonWebToken jwt;
    private final ObjectMapper mapper;

    public SettingsResource(SettingsService settings, TestAlertService testAlerts, JsonWebToken jwt, ObjectMapper mapper) {
        this.settings = settings;
        this.testAlerts = testAlerts;
        this.jwt = jwt;
        this.mapper = mapper;
    }

    @GET
    public Uni<SettingsView> get() {
        return settings.get();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
        description = "the keys to change; absent keys keep their value, a null webhook removes it", properties = {
            @SchemaProperty(name = "slack_webhook_url", nullable = true, type = SchemaType.STRING),
            @SchemaProperty(name = "alert_thresholds", implementation = AlertThresholds.class)})))
    public Uni<SettingsView> put(JsonNode body) {
        // the body is a tree (absent vs null matter): bound it and refuse U+0000, lone surrogates and 1e400 here,
        // which a record's fields would have had refused when read
        JsonChecks.check("", body, MAX_BODY_DEPTH);
        return settings.update(body, Actor.of(jwt).label());
    }

    /**
     * Sends one test message (to the body's webhook if given, else the saved one) and returns Slack's answer. The
     * body is optional, so a bare POST (no body, no Content-Type) works too; it is parsed here for that reason.
     */
    @POST
    @Path("/test-alert")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(required = false, content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = TestAlertRequest.class)))
    public Uni<TestAlertResult> testAlert(String body) {
        TestAlertRequest request = null;
        if (body != null && !body.isBlank()) {
            try {
                request = mapper.readValue(body, TestAlertRequest.class);
            } catch (JsonProcessingException e) {
                throw ApiException.badRequest("body", "must be a JSON object like {\"slack_webhook_url\": \"https://...\"} or empty");
            }
        }
        return testAlerts.send(request == null ? null : request.slackWebhookUrl(), Actor.of(jwt).label());
    }
}
