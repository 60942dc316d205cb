package com.convosensei.admin.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.admin.repository.FailureNoteRepository;
import com.convosensei.admin.repository.FailureRepository;
import com.convosensei.contracts.admin.BulkFailureStatusRequest;
import com.convosensei.contracts.admin.BulkFailureStatusResult;
import com.convosensei.contracts.admin.FailureFilterRequest;
import com.convosensei.contracts.admin.FailureNoteRequest;
import com.convosensei.contracts.admin.FailureStatusRequest;
import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.contracts.error.ErrorDetail;
import com.convosensei.contracts.failure.FailureStatus;
import com.convosensei.contracts.failure.FailureView;
import com.convosensei.platform.error.ApiException;
import com.convosensei.platform.query.FailureFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * People triage failures: open -> ack -> resolved, or false_positive; reopen (back to open) only where there is
 * something to reopen. One at a time, by ids, or by the list's filter ("acknowledge all 3,214 matching"); notes on a
 * failure. The dashboard lists them (dashboard-api), including the notes.
 */
@Path("/api/v1/failures")
@RolesAllowed(Roles.ADMIN)
public class FailureStatusResource {

    static final String AUDIT_BULK = "failure.bulk_status";
    private static final String OPEN = FailureStatus.OPEN.wire();

    private final FailureRepository failures;
    private final FailureNoteRepository notes;
    private final JsonWebToken jwt;
    private final int chunkSize;
    private final Clock clock = Clock.systemUTC();

    public FailureStatusResource(FailureRepository failures, FailureNoteRepository notes, JsonWebToken jwt,
                                 @ConfigProperty(name = "sensei.failures.bulk-chunk-size", defaultValue = "1000") int chunkSize) {
        this.failures = failures;
        this.notes = notes;
        this.jwt = jwt;
        this.chunkSize = chunkSize;
    }

    @PATCH
    @Path("/{id}")
    public Uni<FailureView> setStatus(@PathParam("id") String id, @Valid @NotNull FailureStatusRequest request) {
        UUID failureId = Ids.uuid(id, "failure");
        return failures.setStatus(failureId, request.status(), Actor.of(jwt).label())
                .chain(view -> {
                    if (view != null) {
                        return Uni.createFrom().item(view);
                    }
                    return failures.exists(failureId).map(exists -> {
                        if (exists) {
                            throw ApiException.conflict("the failure is open already: only an acknowledged, resolved "
                                    + "or false positive failure can be reopened");
                        }
                        throw ApiException.notFound("failure");
                    });
                });
    }

    @POST
    @Path("/bulk-status")
    public Uni<BulkFailureStatusResult> bulk(@Valid @NotNull BulkFailureStatusRequest request) {
        if ((request.ids() == null) == (request.filter() == null)) {
            throw ApiException.badRequest("ids", "give either ids or filter");
        }
        if (request.filter() != null) {
            return byFilter(request);
        }
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
                .map(items -> new BulkFailureStatusResult(request.status(), null,
                        count(items, BulkFailureStatusResult.UPDATED), count(items, BulkFailureStatusResult.UNCHANGED),
                        count(items, BulkFailureStatusResult.NOT_FOUND), items));
    }

    /**
     * Every failure the filter matches, in chunks of {@code chunkSize} (each its own short transaction, so a 60k
     * change never holds 60k row locks). Refused when more match now than the person confirmed, and never changes
     * more than that: rows arriving mid-way wait for the next action.
     */
    private Uni<BulkFailureStatusResult> byFilter(BulkFailureStatusRequest request) {
        if (request.expectedCount() == null) {
            throw ApiException.badRequest("expected_count", "is required with filter: the count the person confirmed");
        }
        long expected = request.expectedCount();
        FailureFilterRequest raw = request.filter();
        FailureFilter parsed = FailureFilter.parse("filter.", raw.status(), raw.type(), raw.severity(),
                raw.timeframe(), raw.from(), raw.to(), raw.conversationId(), raw.patternId(), raw.environment(),
                raw.tag(), clock);
        String status = request.status();
        if (status.equals(OPEN)) {
            List<String> reopenable = (parsed.statuses() == null
                    ? List.of(FailureStatus.ACK.wire(), FailureStatus.RESOLVED.wire(), FailureStatus.FALSE_POSITIVE.wire())
                    : parsed.statuses()).stream().filter(s -> !s.equals(OPEN)).toList();
            if (reopenable.isEmpty()) {
                throw ApiException.badRequest("filter.status",
                        "reopen applies to ack, resolved or false_positive failures, not open ones");
            }
            parsed = parsed.withStatuses(reopenable);
        }
        FailureFilter filter = parsed;
        Actor actor = Actor.of(jwt);
        return failures.count(filter).chain(matched -> {
            if (matched > expected) {
                throw new ApiException(409, new ApiError("more failures match the filter now (" + matched
                        + ") than the " + expected + " confirmed; review the list and confirm again",
                        ErrorCodes.CONFLICT, List.of(new ErrorDetail("expected_count",
                        "the filter now matches " + matched + " failures"))));
            }
            return chunks(filter, status, actor.label(), expected, 0, 0).chain(done -> failures.audit(
                            actor.subject(), AUDIT_BULK, new JsonObject()
                                    .put("status", status).put("matched", matched).put("expected_count", expected)
                                    .put("updated", done[0]).put("chunks", done[1]).put("filter", JsonObject.mapFrom(raw)))
                    .replaceWith(new BulkFailureStatusResult(status, matched, done[0],
                            (int) Math.max(0, matched - done[0]), 0, List.of())));
        });
    }

    /** {updated, chunks}: repeats chunk updates until one comes back short or {@code budget} rows changed. */
    private Uni<int[]> chunks(FailureFilter filter, String status, String by, long budget, int updated, int rounds) {
        int limit = (int) Math.min(chunkSize, budget - updated);
        if (limit <= 0) {
            return Uni.createFrom().item(new int[] {updated, rounds});
        }
        return failures.setStatusChunk(filter, status, by, limit).chain(n -> n < limit
                ? Uni.createFrom().item(new int[] {updated + n, rounds + 1})
                : chunks(filter, status, by, budget, updated + n, rounds + 1));
    }

    @POST
    @Path("/{id}/notes")
    public Uni<Response> addNote(@PathParam("id") String id, @Valid @NotNull FailureNoteRequest request) {
        UUID failureId = Ids.uuid(id, "failure");
        return notes.add(failureId, Actor.of(jwt).label(), request.body().strip()).map(note -> {
            if (note == null) {
                throw ApiException.notFound("failure");
            }
            return Response.created(URI.create("/api/v1/failures/" + failureId + "/notes/" + note.id()))
                    .entity(note).build();
        });
    }

    @DELETE
    @Path("/{id}/notes/{noteId}")
    public Uni<Response> deleteNote(@PathParam("id") String id, @PathParam("noteId") String noteId) {
        UUID failureId = Ids.uuid(id, "failure");
        UUID note = Ids.uuid(noteId, "note");
        return notes.delete(failureId, note).map(deleted -> {
            if (!deleted) {
                throw ApiException.notFound("note");
            }
            return Response.noContent().build();
        });
    }

    private static int count(List<BulkFailureStatusResult.Item> items, String result) {
        return (int) items.stream().filter(i -> i.result().equals(result)).count();
    }
}
