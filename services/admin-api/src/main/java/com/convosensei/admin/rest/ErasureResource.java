package com.convosensei.admin.rest;

import com.convosensei.admin.service.ErasureService;
import com.convosensei.contracts.Limits;
import com.convosensei.contracts.admin.ErasureResult;
import com.convosensei.platform.auth.Roles;
import com.convosensei.platform.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Right to erasure (docs/privacy.md): a person by the end-user id the customer sends in track requests, or one
 * conversation by its id. 200 with rows deleted per table; an unknown user or conversation answers 200 with zero
 * counts (erasing twice is not an error). Admins only.
 */
@Path("/api/v1")
@RolesAllowed(Roles.ADMIN)
public class ErasureResource {

    private final ErasureService service;
    private final JsonWebToken jwt;

    public ErasureResource(ErasureService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @DELETE
    @Path("/users/{user_id}")
    public Uni<ErasureResult> eraseUser(@PathParam("user_id") String userId) {
        int length = userId == null ? 0 : userId.codePointCount(0, userId.length());
        if (length < 1 || length > Limits.MAX_USER_ID_LENGTH || userId.indexOf(0) >= 0) {
            throw ApiException.badRequest("user_id", "must be 1-" + Limits.MAX_USER_ID_LENGTH
                    + " characters, as sent in track requests");
        }
        return service.eraseUser(userId, Actor.of(jwt).subject());
    }

    @DELETE
    @Path("/conversations/{id}")
    public Uni<ErasureResult> eraseConversation(@PathParam("id") String id) {
        UUID uuid = Ids.uuidOrNull(id);
        if (uuid == null) {
            throw ApiException.badRequest("id", "must be a conversation id (UUID)");
        }
        return service.eraseConversation(uuid, Actor.of(jwt).subject());
    }
}
