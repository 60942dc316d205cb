package com.convosensei.dashboard.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.contracts.Page;
import com.convosensei.contracts.failure.FailureStatus;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.FailureView;
import com.convosensei.contracts.failure.Severity;
import com.convosensei.dashboard.repository.FailureFilter;
import com.convosensei.dashboard.repository.FailureRepository;
import com.convosensei.dashboard.service.Timeframe;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;

/**
 * The failure feed: newest first, filtered by status, type, severity, detection time, conversation, or the failing
 * conversation's environment and metadata tags.
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
                                       @QueryParam("environment") String environment,
                                       @QueryParam("tag") List<String> tag,
                                       @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Timeframe range = Timeframe.optional(timeframe, from, to, clock);
        FailureFilter filter = new FailureFilter(
                Params.wireList("status", status, FailureStatus::fromWire, FailureStatus.values()),
                Params.wireList("type", type, FailureType::fromWire, FailureType.values()),
                Params.wireList("severity", severity, Severity::fromWire, Severity.values()),
                range.from(), range.to(), Params.optionalUuid("conversation_id", conversationId),
                Params.environment(environment), Params.tags(tag));
        int size = Params.limit(limit);
        return failures.list(filter, size, Params.blank(cursor) ? null : cursor.trim());
    }
}
