package com.convosensei.dashboard.rest;

import com.convosensei.contracts.analytics.ScopeOptions;
import com.convosensei.dashboard.repository.ScopeRepository;
import com.convosensei.platform.auth.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The choices of the dashboard's scope picker: the environments that have conversations and the metadata tags
 * (key:value) worth filtering by, which every list and analytics endpoint takes as {@code environment} and
 * {@code tag}.
 */
@Path("/api/v1/scope")
@RolesAllowed({Roles.ADMIN, Roles.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
public class ScopeResource {

    private final ScopeRepository scope;

    public ScopeResource(ScopeRepository scope) {
        this.scope = scope;
    }

    /** {@code environment} narrows the tags to that environment's conversations; the environments are always all. */
    @GET
    public Uni<ScopeOptions> options(@QueryParam("environment") String environment) {
        return scope.options(Params.environment(environment));
    }
}
