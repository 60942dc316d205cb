package com.convosensei.dashboard.rest;

import com.convosensei.contracts.Limits;
import com.convosensei.contracts.conversation.ConversationRef;
import com.convosensei.dashboard.repository.TrendRepository;
import com.convosensei.platform.auth.Roles;
import com.convosensei.platform.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Finds a conversation by the id the customer sent ({@code conversation_id} of the track request), for links like
 * {@code /c/<conversation_id>} that people paste from their own logs. The id is unique per environment, so the
 * answer lists one entry per environment that has it (newest activity first); 404 when none does.
 */
@Path("/api/v1/conversations/by-external-id")
@RolesAllowed({Roles.ADMIN, Roles.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
public class ConversationLookupResource {

    private final TrendRepository trends;

    public ConversationLookupResource(TrendRepository trends) {
        this.trends = trends;
    }

    /** The id may hold any character the intake accepts, slashes included (percent-encode them). */
    @GET
    @Path("/{id: .+}")
    public Uni<List<ConversationRef>> byExternalId(@PathParam("id") String id,
                                                   @QueryParam("environment") String environment) {
        if (id == null || id.isEmpty()) {
            throw ApiException.badRequest("id", "is required");
        }
        if (id.length() > Limits.MAX_CONVERSATION_ID_LENGTH) {
            throw ApiException.badRequest("id", "must be at most " + Limits.MAX_CONVERSATION_ID_LENGTH + " characters");
        }
        return trends.byExternalId(id, Params.text("environment", environment, Limits.MAX_ENVIRONMENT_LENGTH))
                .map(refs -> {
                    if (refs.isEmpty()) {
                        throw ApiException.notFound("conversation");
                    }
                    return refs;
                });
    }
}
