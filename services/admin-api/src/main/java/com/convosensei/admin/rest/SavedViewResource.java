package com.convosensei.admin.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.admin.repository.SavedViewRepository;
import com.convosensei.admin.repository.Sql;
import com.convosensei.contracts.Limits;
import com.convosensei.contracts.admin.SavedView;
import com.convosensei.contracts.admin.SavedViewRequest;
import com.convosensei.platform.error.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Named dashboard filter sets, private to the token's subject. Viewers may keep their own too: a saved view changes
 * nothing anyone else sees, so it is not a write to Sensei's data.
 */
@Path("/api/v1/saved-views")
@RolesAllowed({Roles.ADMIN, Roles.VIEWER})
public class SavedViewResource {

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
    public Uni<Response> create(@Valid @NotNull SavedViewRequest request) {
        Body body = Body.of(request);
        return views.insert(Actor.of(jwt).subject(), body.name, body.scope, body.config)
                .onFailure(e -> Sql.isUniqueViolation(e, SavedViewRepository.NAME_CONSTRAINT)).transform(e -> clash(body))
                .map(view -> Response.created(URI.create("/api/v1/saved-views/" + view.id())).entity(view).build());
    }

    /** Idempotent full replace (absent scope/config fall back to their defaults, as on create). */
    @PUT
    @Path("/{id}")
    public Uni<SavedView> replace(@PathParam("id") String id, @Valid @NotNull SavedViewRequest request) {
        UUID viewId = Ids.uuid(id, "saved view");
        Body body = Body.of(request);
        return views.replace(Actor.of(jwt).subject(), viewId, body.name, body.scope, body.config)
                .onFailure(e -> Sql.isUniqueViolation(e, SavedViewRepository.NAME_CONSTRAINT)).transform(e -> clash(body))
                .map(SavedViewResource::found);
    }

    @DELETE
    @Path("/{id}")
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

    /** The validated, defaulted values to store. */
    private record Body(String name, String scope, String config) {
        static Body of(SavedViewRequest r) {
            JsonNode config = r.config();
            if (config != null && !config.isNull() && !config.isObject()) {
                throw ApiException.badRequest("config", "must be a JSON object");
            }
            String json = config == null || config.isNull() ? "{}" : config.toString();
            // PostgreSQL text and jsonb cannot hold U+0000; refuse it here rather than fail in the database
            if (r.name().indexOf(0) >= 0) {
                throw ApiException.badRequest("name", "must not contain U+0000");
            }
            if (json.contains("\\u0000")) {
                throw ApiException.badRequest("config", "must not contain U+0000");
            }
            if (json.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_METADATA_BYTES) {
                throw ApiException.badRequest("config", "must be at most " + Limits.MAX_METADATA_BYTES + " bytes of JSON");
            }
            return new Body(r.name().strip(), r.scope() == null ? SavedViewRequest.DEFAULT_SCOPE : r.scope(), json);
        }
    }
}
