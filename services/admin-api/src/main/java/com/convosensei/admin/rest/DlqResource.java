package com.convosensei.admin.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.admin.stream.DlqService;
import com.convosensei.contracts.Page;
import com.convosensei.contracts.admin.DlqEntry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** Dead-letter queue: see what the processor gave up on, and put entries back once the cause is fixed. */
@Path("/api/v1/admin/dlq")
@RolesAllowed(Roles.ADMIN)
public class DlqResource {

    private final DlqService dlq;

    public DlqResource(DlqService dlq) {
        this.dlq = dlq;
    }

    @GET
    public Uni<Page<DlqEntry>> list(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit,
                                    @QueryParam("before") String before) {
        return dlq.list(limit, before);
    }

    @POST
    @Path("/{id}/replay")
    public Uni<Response> replay(@PathParam("id") String id) {
        return dlq.replay(id).map(result -> Response.accepted(result).build());
    }
}
