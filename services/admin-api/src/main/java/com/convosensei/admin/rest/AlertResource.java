package com.convosensei.admin.rest;

import com.convosensei.admin.repository.AlertRepository;
import com.convosensei.contracts.admin.AlertView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/** Recent alert decisions (newest first), for the Settings page. */
@Path("/api/v1/alerts")
@Authenticated
public class AlertResource {

    private final AlertRepository alerts;

    public AlertResource(AlertRepository alerts) {
        this.alerts = alerts;
    }

    @GET
    public Uni<List<AlertView>> recent(
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit,
            @QueryParam("kind") @Pattern(regexp = "failure|health|digest|test", message = "must be one of failure, health, digest, test") String kind) {
        return alerts.recent(kind, limit);
    }
}
