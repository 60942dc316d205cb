package com.convosensei.dashboard.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.contracts.Page;
import com.convosensei.contracts.failure.FailureCount;
import com.convosensei.contracts.failure.FailureGroups;
import com.convosensei.contracts.failure.FailureNoteView;
import com.convosensei.contracts.failure.FailureView;
import com.convosensei.dashboard.repository.FailureRepository;
import com.convosensei.platform.error.ApiException;
import com.convosensei.platform.query.FailureFilter;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;

/**
 * The failure feed: newest first, filtered by status, type, severity, detection time, conversation or usage pattern;
 * the count and per-type/per-pattern groups of the same filter; the notes on a failure (admin-api writes them).
 */
@Path("/api/v1/failures")
@RolesAllowed({Roles.ADMIN, Roles.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
public class FailureResource {

    private final FailureRepository failures;
    private final Clock clock;

    public FailureResource(FailureRepository failures, Clock clock) {
        this.failures = failures;
        this.clock = clock;
    }

    @GET
    public Uni<Page<FailureView>> list(@QueryParam("status") String status, @QueryParam("type") String type,
                                       @QueryParam("severity") String severity,
                                       @QueryParam("timeframe") String timeframe, @QueryParam("from") String from,
                                       @QueryParam("to") String to,
                                       @QueryParam("conversation_id") String conversationId,
                                       @QueryParam("pattern_id") String patternId,
                                       @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        FailureFilter filter = FailureFilter.parse("", status, type, severity, timeframe, from, to, conversationId,
                patternId, clock);
        int size = Params.limit(limit);
        return failures.list(filter, size, Params.blank(cursor) ? null : cursor.trim());
    }

    @GET
    @Path("/count")
    public Uni<FailureCount> count(@QueryParam("status") String status, @QueryParam("type") String type,
                                   @QueryParam("severity") String severity,
                                   @QueryParam("timeframe") String timeframe, @QueryParam("from") String from,
                                   @QueryParam("to") String to,
                                   @QueryParam("conversation_id") String conversationId,
                                   @QueryParam("pattern_id") String patternId) {
        FailureFilter filter = FailureFilter.parse("", status, type, severity, timeframe, from, to, conversationId,
                patternId, clock);
        return failures.count(filter).map(FailureCount::new);
    }

    @GET
    @Path("/groups")
    public Uni<FailureGroups> groups(@QueryParam("by") String by, @QueryParam("status") String status,
                                     @QueryParam("type") String type, @QueryParam("severity") String severity,
                                     @QueryParam("timeframe") String timeframe, @QueryParam("from") String from,
                                     @QueryParam("to") String to,
                                     @QueryParam("conversation_id") String conversationId,
                                     @QueryParam("pattern_id") String patternId) {
        String grouping = Params.choice("by", by, "type", "type", "pattern");
        FailureFilter filter = FailureFilter.parse("", status, type, severity, timeframe, from, to, conversationId,
                patternId, clock);
        Uni<List<FailureGroups.FailureGroup>> groups = grouping.equals("type") ? failures.groupsByType(filter)
                : failures.groupsByPattern(filter);
        return groups.map(list -> new FailureGroups(grouping,
                list.stream().mapToLong(FailureGroups.FailureGroup::count).sum(), list));
    }

    @GET
    @Path("/{id}/notes")
    public Uni<List<FailureNoteView>> notes(@PathParam("id") String id) {
        return failures.notes(Params.uuid("id", id)).map(notes -> {
            if (notes == null) {
                throw ApiException.notFound("failure");
            }
            return notes;
        });
    }
}
