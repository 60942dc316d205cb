package com.convosensei.admin.rest;

import com.convosensei.admin.service.RetentionSettingsService;
import com.convosensei.contracts.admin.RetentionSettings;
import com.convosensei.platform.auth.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

/**
 * Retention period per environment (docs/privacy.md). Admins only: it decides what gets deleted. The processor's
 * daily job applies it.
 */
@Path("/api/v1/retention")
@RolesAllowed(Roles.ADMIN)
public class RetentionResource {

    private final RetentionSettingsService service;
    private final JsonWebToken jwt;

    public RetentionResource(RetentionSettingsService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @GET
    public Uni<RetentionSettings> get() {
        return service.get();
    }

    @PUT
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
        requiredProperties = "environments", properties = @SchemaProperty(name = "environments", type = SchemaType.ARRAY,
                implementation = RetentionSettings.Environment.class,
                description = "{environment, days}: days 1..3650; only those two keys are read"))))
    public Uni<RetentionSettings> put(JsonNode body) {
        Actor actor = Actor.of(jwt);
        return service.update(body, actor.label(), actor.subject());
    }
}
