package com.convosensei.dashboard.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.contracts.ListCount;
import com.convosensei.contracts.Page;
import com.convosensei.contracts.failure.FailureStatus;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.FailureView;
import com.convosensei.contracts.failure.Severity;
import com.convosensei.dashboard.repository.FailureFilter;
import com.convosensei.dashboard.repository.FailureRepository;
import com.convosensei.dashboard.service.ListCounts;
import com.convosensei.dashboard.service.ListExport;
import com.convosensei.dashboard.service.Timeframe;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.jboss.resteasy.reactive.RestMulti;

/** The failure feed: newest first, filtered by status, type, severity, detection time or conversation. */
@Path("/api/v1/failures")
@RolesAllowed({Roles.ADMIN, Roles.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
public class FailureResource {

    private final FailureRepository failures;
    private final Clock clock;
    private final ListExport export;
    private final ListCounts counts;

    public FailureResource(FailureRepository failures, Clock clock, ListExport export, ListCounts counts) {
        this.failures = failures;
        this.clock = clock;
        this.export = export;
        this.counts = counts;
    }

    @GET
    public Uni<Page<FailureView>> list(@QueryParam("status") String status, @QueryParam("type") String type,
                                       @QueryParam("severity") String severity,
                                       @QueryParam("timeframe") String timeframe, @QueryParam("from") String from,
                                       @QueryParam("to") String to,
                                       @QueryParam("conversation_id") String conversationId,
                                       @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        FailureFilter filter = filter(status, type, severity, timeframe, from, to, conversationId);
        int size = Params.limit(limit);
        return failures.list(filter, size, Params.blank(cursor) ? null : cursor.trim());
    }

    /** How many failures the filters match: exact up to 10,000, else marked {@code exact: false}. */
    @GET
    @Path("/count")
    public Uni<ListCount> count(@QueryParam("status") String status, @QueryParam("type") String type,
                                @QueryParam("severity") String severity,
                                @QueryParam("timeframe") String timeframe, @QueryParam("from") String from,
                                @QueryParam("to") String to,
                                @QueryParam("conversation_id") String conversationId) {
        return failures.count(filter(status, type, severity, timeframe, from, to, conversationId), counts.cap(),
                counts.timeout());
    }

    /**
     * The filtered feed (newest first, same filters as {@code GET /failures}) as a CSV or JSON Lines download,
     * streamed page by page; at most {@code X-Export-Max-Rows} rows. JSONL rows are the list's rows (evidence
     * included); CSV has one line per failure with the evidence counted.
     */
    @GET
    @Path("/export")
    // one declared type (RESTEasy streams a Multi raw for it); the JSONL download sets its own Content-Type
    @Produces("text/csv")
    public RestMulti<Buffer> export(@QueryParam("format") String format, @QueryParam("status") String status,
                                    @QueryParam("type") String type, @QueryParam("severity") String severity,
                                    @QueryParam("timeframe") String timeframe, @QueryParam("from") String from,
                                    @QueryParam("to") String to,
                                    @QueryParam("conversation_id") String conversationId) {
        ListExport.Format as = ConversationResource.exportFormat(format);
        FailureFilter filter = filter(status, type, severity, timeframe, from, to, conversationId);
        return export.stream("failures", as, CSV_COLUMNS, (size, after) -> failures.list(filter, size, after));
    }

    static final ListExport.Columns<FailureView> CSV_COLUMNS = new ListExport.Columns<>(
            List.of("id", "conversation_id", "conversation_external_id", "type", "severity", "confidence", "status",
                    "source", "explanation", "evidence_count", "detected_at", "last_seen_at", "status_changed_at",
                    "status_changed_by"),
            f -> Arrays.asList(f.id(), f.conversationId(), f.conversationExternalId(), f.type(), f.severity(),
                    f.confidence(), f.status(), f.source(), f.explanation(),
                    f.evidence() == null ? 0 : f.evidence().size(), f.detectedAt(), f.lastSeenAt(),
                    f.statusChangedAt(), f.statusChangedBy()));

    private FailureFilter filter(String status, String type, String severity, String timeframe, String from,
                                 String to, String conversationId) {
        Timeframe range = Timeframe.optional(timeframe, from, to, clock);
        return new FailureFilter(
                Params.wireList("status", status, FailureStatus::fromWire, FailureStatus.values()),
                Params.wireList("type", type, FailureType::fromWire, FailureType.values()),
                Params.wireList("severity", severity, Severity::fromWire, Severity.values()),
                range.from(), range.to(), Params.optionalUuid("conversation_id", conversationId));
    }
}
