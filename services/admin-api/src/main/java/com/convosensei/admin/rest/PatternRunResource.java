package com.convosensei.admin.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.admin.service.PatternRunService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import com.convosensei.contracts.Limits;
import com.convosensei.platform.error.ApiException;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.convosensei.contracts.admin.PatternRunAccepted;

/** Starts a manual pattern analysis (of one environment, or all); its progress is read from dashboard-api
 * ({@code GET .../runs/{id}}). */
@Path("/api/v1/analytics/patterns/run")
@RolesAllowed(Roles.ADMIN)
public class PatternRunResource {

    private final PatternRunService service;
    private final JsonWebToken jwt;

    public PatternRunResource(PatternRunService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @POST
    @APIResponse(responseCode = "202", description = "Queued; poll the run at the Location header",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = PatternRunAccepted.class)))
    public Uni<Response> run(@QueryParam("environment") @Parameter(description = "analyse only this environment's"
            + " conversations (default: every environment)") String environment) {
        return service.request(Actor.of(jwt).label(), environment(environment))
                .map(run -> Response.accepted(run).location(URI.create(PatternRunService.RUNS_PATH + run.id())).build());
    }

    /** Same shape as ingestion's environment names: 1-64 characters, no control characters; blank = all. */
    static String environment(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > Limits.MAX_ENVIRONMENT_LENGTH) {
            throw ApiException.badRequest("environment", "at most " + Limits.MAX_ENVIRONMENT_LENGTH + " characters");
        }
        if (v.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("environment", "must not contain control characters");
        }
        return v;
    }
}
