package com.convosensei.dashboard.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.contracts.ListCount;
import com.convosensei.contracts.Page;
import com.convosensei.contracts.failure.FailureGroups;
import com.convosensei.contracts.failure.FailureNoteView;
import com.convosensei.contracts.failure.FailureView;
import com.convosensei.dashboard.repository.FailureRepository;
import com.convosensei.dashboard.service.ListCounts;
import com.convosensei.dashboard.service.ListExport;
import com.convosensei.platform.error.ApiException;
import com.convosensei.platform.query.FailureFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * The failure feed: newest first, filtered by status, type, severity, detection time, conversation or usage pattern;
 * or the failing conversation's environment and metadata tags (the dashboard's scope); the count, export and
 * per-type/per-pattern groups of the same filter; the notes on a failure (admin-api writes them).
 */
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
                                       @QueryParam("pattern_id") String patternId,
                                       @QueryParam("environment") String environment,
                                       @QueryParam("tag") List<String> tag,
                                       @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        FailureFilter filter = filter(status, type, severity, timeframe, from, to, conversationId, patternId,
                environment, tag);
        int size = Params.limit(limit);
        return failures.list(filter, size, Params.blank(cursor) ? null : cursor.trim());
    }

    /**
     * How many failures the filters match: exact up to 10,000, else marked {@code exact: false}; {@code exact=true}
     * counts them all (what "select all N matching" offers before a bulk action, which checks that number).
     */
    @GET
    @Path("/count")
    public Uni<ListCount> count(@QueryParam("status") String status, @QueryParam("type") String type,
                                @QueryParam("severity") String severity,
                                @QueryParam("timeframe") String timeframe, @QueryParam("from") String from,
                                @QueryParam("to") String to,
                                @QueryParam("conversation_id") String conversationId,
                                @QueryParam("pattern_id") String patternId,
                                @QueryParam("environment") String environment,
                                @QueryParam("tag") List<String> tag,
                                @QueryParam("exact") String exact) {
        FailureFilter filter = filter(status, type, severity, timeframe, from, to, conversationId, patternId,
                environment, tag);
        if (Boolean.TRUE.equals(Params.bool("exact", exact))) {
            return failures.exactCount(filter).map(n -> new ListCount(n, true, ListCount.EXACT, n));
        }
        return failures.count(filter, counts.cap(), counts.timeout());
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
                                    @QueryParam("conversation_id") String conversationId,
                                    @QueryParam("pattern_id") String patternId,
                                    @QueryParam("environment") String environment,
                                    @QueryParam("tag") List<String> tag) {
        ListExport.Format as = ConversationResource.exportFormat(format);
        FailureFilter filter = filter(status, type, severity, timeframe, from, to, conversationId, patternId,
                environment, tag);
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
                                 String to, String conversationId, String patternId, String environment,
                                 List<String> tag) {
        return FailureFilter.parse("", status, type, severity, timeframe, from, to, conversationId, patternId,
                environment, tag, clock);
    }

    @GET
    @Path("/groups")
    public Uni<FailureGroups> groups(@QueryParam("by") String by, @QueryParam("status") String status,
                                     @QueryParam("type") String type, @QueryParam("severity") String severity,
                                     @QueryParam("timeframe") String timeframe, @QueryParam("from") String from,
                                     @QueryParam("to") String to,
                                     @QueryParam("conversation_id") String conversationId,
                                     @QueryParam("pattern_id") String patternId,
                                     @QueryParam("environment") String environment,
                                     @QueryParam("tag") List<String> tag) {
        String grouping = Params.choice("by", by, "type", "type", "pattern");
        FailureFilter filter = filter(status, type, severity, timeframe, from, to, conversationId, patternId,
                environment, tag);
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
