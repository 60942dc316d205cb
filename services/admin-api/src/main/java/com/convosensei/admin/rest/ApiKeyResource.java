package com.convosensei.admin.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.admin.repository.ApiKeyRepository;
import com.convosensei.admin.service.ApiKeyService;
import com.convosensei.contracts.admin.ApiKeyCreateRequest;
import com.convosensei.contracts.admin.ApiKeyUpdateRequest;
import com.convosensei.contracts.admin.ApiKeyView;
import com.convosensei.platform.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.convosensei.contracts.admin.ApiKeyCreated;

/** Ingestion API keys: create (full key shown once), list (never the key or its hash), settings, revoke. */
@Path("/api/v1/api-keys")
@RolesAllowed(Roles.ADMIN)
public class ApiKeyResource {

    private final ApiKeyService service;
    private final ApiKeyRepository keys;
    private final JsonWebToken jwt;

    public ApiKeyResource(ApiKeyService service, ApiKeyRepository keys, JsonWebToken jwt) {
        this.service = service;
        this.keys = keys;
        this.jwt = jwt;
    }

    /** JSON only: a text/plain body must be refused (415), not read as the key's name. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created: the only answer that holds the key itself",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiKeyCreated.class)))
    public Uni<Response> create(@Valid @NotNull ApiKeyCreateRequest request) {
        // U+0000 and lone surrogates in the name are refused when the body is read (platform StrictJsonCustomizer)
        String name = request.name().strip();
        return service.create(name, Actor.of(jwt).label(), request.otlpConversationAttribute())
                .map(created -> Response.created(URI.create("/api/v1/api-keys/" + created.id()))
                        .header("Cache-Control", "no-store") // the body holds a credential
                        .entity(created).build());
    }

    @GET
    public Uni<List<ApiKeyView>> list() {
        return keys.list();
    }

    @GET
    @Path("/{id}")
    public Uni<ApiKeyView> get(@PathParam("id") String id) {
        return keys.find(Ids.uuid(id, "API key")).map(view -> {
            if (view == null) {
                throw ApiException.notFound("API key");
            }
            return view;
        });
    }

    /** The key's settings (today: the OTLP conversation attribute; {@code null} clears it). */
    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ApiKeyView> update(@PathParam("id") String id, @Valid @NotNull ApiKeyUpdateRequest request) {
        return keys.updateOtlpConversationAttribute(Ids.uuid(id, "API key"), request.otlpConversationAttribute())
                .map(view -> {
                    if (view == null) {
                        throw ApiException.notFound("API key");
                    }
                    return view;
                });
    }

    /** Revokes the key (idempotent) and tells ingestion to forget it at once. */
    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Revoked (also when it already was)")
    public Uni<Response> revoke(@PathParam("id") String id) {
        return service.revoke(Ids.uuid(id, "API key"), Actor.of(jwt).label())
                .map(view -> Response.noContent().build());
    }
}
