package com.convosensei.admin.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.admin.repository.AlertRepository;
import com.convosensei.contracts.admin.AlertView;
import com.convosensei.contracts.admin.AlertDeliveryHealth;
import com.convosensei.admin.service.AlertDeliveryService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/** Recent alert decisions (newest first), for the Settings page; viewers may read them (no webhook URL in them). */
@Path("/api/v1/alerts")
@RolesAllowed({Roles.ADMIN, Roles.VIEWER})
public class AlertResource {

    private final AlertRepository alerts;
    private final AlertDeliveryService deliveries;

    public AlertResource(AlertRepository alerts, AlertDeliveryService deliveries) {
        this.alerts = alerts;
        this.deliveries = deliveries;
    }

    /** Whether alerts reach Slack, and the recent deliveries that did not (the banner and Settings read it). */
    @GET
    @Path("/deliveries")
    public Uni<AlertDeliveryHealth> deliveries(
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return deliveries.health(limit);
    }

    @GET
    public Uni<List<AlertView>> recent(
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit,
            @QueryParam("kind") @Pattern(regexp = "failure|health|digest|test", message = "must be one of failure, health, digest, test") String kind) {
        return alerts.recent(kind, limit);
    }
}
