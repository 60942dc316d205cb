package com.convosensei.admin.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.admin.repository.SavedViewRepository;
import com.convosensei.admin.repository.Sql;
import com.convosensei.contracts.Limits;
import com.convosensei.contracts.admin.SavedView;
import com.convosensei.contracts.admin.SavedViewRequest;
import com.convosensei.contracts.error.ErrorDetail;
import com.convosensei.platform.error.ApiException;
import com.convosensei.platform.json.JsonChecks;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Named dashboard filter sets, private to the token's subject. Viewers may keep their own too: a saved view changes
 * nothing anyone else sees, so it is not a write to Sensei's data.
 */
@Path("/api/v1/saved-views")
@RolesAllowed({Roles.ADMIN, Roles.VIEWER})
public class SavedViewResource {

    /** Deepest config accepted: far more than any page's filters need, far below Jackson's write limit (1000). */
    static final int MAX_CONFIG_DEPTH = SavedViewRepository.MAX_CONFIG_DEPTH;

    private final SavedViewRepository views;
    private final JsonWebToken jwt;

    public SavedViewResource(SavedViewRepository views, JsonWebToken jwt) {
        this.views = views;
        this.jwt = jwt;
    }

    @GET
    public Uni<List<SavedView>> list(@QueryParam("scope") @Pattern(regexp = "[a-z][a-z0-9_-]{0,31}",
            message = "must be a lower-case word of at most 32 characters") String scope) {
        return views.list(Actor.of(jwt).subject(), scope);
    }

    @GET
    @Path("/{id}")
    public Uni<SavedView> get(@PathParam("id") String id) {
        return views.find(Actor.of(jwt).subject(), Ids.uuid(id, "saved view")).map(SavedViewResource::found);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = SavedView.class)))
    public Uni<Response> create(@Valid @NotNull SavedViewRequest request) {
        Body body = Body.of(request);
        return views.insert(Actor.of(jwt).subject(), body.name, body.scope, body.config)
                .onFailure(e -> Sql.isUniqueViolation(e, SavedViewRepository.NAME_CONSTRAINT)).transform(e -> clash(body))
                .map(view -> Response.created(URI.create("/api/v1/saved-views/" + view.id())).entity(view).build());
    }

    /** Idempotent full replace: name, scope and config, all required as on create. */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SavedView> replace(@PathParam("id") String id, @Valid @NotNull SavedViewRequest request) {
        UUID viewId = Ids.uuid(id, "saved view");
        Body body = Body.of(request);
        return views.replace(Actor.of(jwt).subject(), viewId, body.name, body.scope, body.config)
                .onFailure(e -> Sql.isUniqueViolation(e, SavedViewRepository.NAME_CONSTRAINT)).transform(e -> clash(body))
                .map(SavedViewResource::found);
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("id") String id) {
        return views.delete(Actor.of(jwt).subject(), Ids.uuid(id, "saved view"))
                .map(deleted -> {
                    if (!deleted) {
                        throw ApiException.notFound("saved view");
                    }
                    return Response.noContent().build();
                });
    }

    private static SavedView found(SavedView view) {
        if (view == null) {
            throw ApiException.notFound("saved view");
        }
        return view;
    }

    private static ApiException clash(Body body) {
        return ApiException.conflict("you already have a saved view named \"" + body.name + "\" in scope " + body.scope);
    }

    /**
     * The validated values to store. Every field is required (a view saved without its scope or config would
     * silently land on another page or lose its filters); config is a JSON object within {@link #MAX_CONFIG_DEPTH}
     * levels and {@link Limits#MAX_METADATA_BYTES} bytes, so it can always be written back out as JSON.
     */
    private record Body(String name, String scope, String config) {
        static Body of(SavedViewRequest r) {
            List<ErrorDetail> missing = new ArrayList<>();
            if (r.scope() == null) {
                missing.add(new ErrorDetail("scope", "is required (e.g. \"" + SavedViewRequest.DEFAULT_SCOPE + "\")"));
            }
            if (r.config() == null || r.config().isNull()) {
                missing.add(new ErrorDetail("config", "is required (a JSON object, {} for none)"));
            }
            if (!missing.isEmpty()) {
                throw ApiException.badRequest(missing);
            }
            JsonNode config = r.config();
            if (!config.isObject()) {
                throw ApiException.badRequest("config", "must be a JSON object");
            }
            JsonChecks.check("config", config, MAX_CONFIG_DEPTH);
            String json = config.toString();
            if (json.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_METADATA_BYTES) {
                throw ApiException.badRequest("config", "must be at most " + Limits.MAX_METADATA_BYTES + " bytes of JSON");
            }
            // name and scope: U+0000 and lone surrogates are refused when the body is read (platform StrictJsonCustomizer)
            return new Body(r.name().strip(), r.scope(), json);
        }
    }
}
