package com.convosensei.admin.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.admin.stream.DlqService;
import com.convosensei.contracts.Page;
import com.convosensei.contracts.admin.DlqEntry;
import com.convosensei.platform.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.convosensei.contracts.admin.DlqReplayResult;

/** Dead-letter queue: see what the processor gave up on, and put entries back once the cause is fixed. */
@Path("/api/v1/admin/dlq")
@RolesAllowed(Roles.ADMIN)
public class DlqResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final DlqService dlq;

    public DlqResource(DlqService dlq) {
        this.dlq = dlq;
    }

    @GET
    public Uni<Page<DlqEntry>> list(@QueryParam("limit") String limit, @QueryParam("before") String before) {
        return dlq.list(limit(limit), before);
    }

    /** Parsed here: JAX-RS would answer a non-numeric int query parameter with a 404. */
    static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        int n;
        try {
            n = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit", "must be a whole number");
        }
        if (n < 1 || n > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return n;
    }

    @POST
    @Path("/{id}/replay")
    @APIResponse(responseCode = "202", description = "Re-queued on its origin stream",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = DlqReplayResult.class)))
    public Uni<Response> replay(@PathParam("id") String id) {
        return dlq.replay(id).map(result -> Response.accepted(result).build());
    }
}
