package com.convosensei.admin.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.admin.repository.FailureRepository;
import com.convosensei.contracts.admin.BulkFailureStatusRequest;
import com.convosensei.contracts.admin.BulkFailureStatusResult;
import com.convosensei.contracts.admin.FailureStatusRequest;
import com.convosensei.contracts.error.ErrorDetail;
import com.convosensei.contracts.failure.FailureView;
import com.convosensei.platform.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** People move failures open -> ack -> resolved (any move allowed); the dashboard lists them (dashboard-api). */
@Path("/api/v1/failures")
@RolesAllowed(Roles.ADMIN)
public class FailureStatusResource {

    private final FailureRepository failures;
    private final JsonWebToken jwt;

    public FailureStatusResource(FailureRepository failures, JsonWebToken jwt) {
        this.failures = failures;
        this.jwt = jwt;
    }

    @PATCH
    @Path("/{id}")
    public Uni<FailureView> setStatus(@PathParam("id") String id, @Valid @NotNull FailureStatusRequest request) {
        UUID failureId = Ids.uuid(id, "failure");
        return failures.setStatus(failureId, request.status(), Actor.of(jwt).label())
                .map(view -> {
                    if (view == null) {
                        throw ApiException.notFound("failure");
                    }
                    return view;
                });
    }

    @POST
    @Path("/bulk-status")
    public Uni<BulkFailureStatusResult> bulk(@Valid @NotNull BulkFailureStatusRequest request) {
        Set<UUID> ids = new LinkedHashSet<>(); // a repeated id is changed (and reported) once
        List<ErrorDetail> errors = new ArrayList<>();
        for (int i = 0; i < request.ids().size(); i++) {
            UUID parsed = Ids.uuidOrNull(request.ids().get(i));
            if (parsed == null) {
                errors.add(new ErrorDetail("ids[" + i + "]", "must be a failure id (uuid)"));
            } else {
                ids.add(parsed);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        return failures.setStatus(List.copyOf(ids), request.status(), Actor.of(jwt).label())
                .map(items -> new BulkFailureStatusResult(request.status(),
                        count(items, BulkFailureStatusResult.UPDATED), count(items, BulkFailureStatusResult.UNCHANGED),
                        count(items, BulkFailureStatusResult.NOT_FOUND), items));
    }

    private static int count(List<BulkFailureStatusResult.Item> items, String result) {
        return (int) items.stream().filter(i -> i.result().equals(result)).count();
    }
}
