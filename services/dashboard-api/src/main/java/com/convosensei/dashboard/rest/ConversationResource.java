package com.convosensei.dashboard.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.contracts.ListCount;
import com.convosensei.contracts.Page;
import com.convosensei.contracts.conversation.ConversationDetail;
import com.convosensei.contracts.conversation.ConversationSummary;
import com.convosensei.contracts.conversation.FeedbackView;
import com.convosensei.contracts.conversation.HealthView;
import com.convosensei.contracts.conversation.MessageView;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.FailureView;
import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.dashboard.repository.AuditRepository;
import com.convosensei.dashboard.repository.ConversationFilter;
import com.convosensei.dashboard.repository.ConversationRepository;
import com.convosensei.dashboard.repository.ConversationRepository.Sort;
import com.convosensei.dashboard.repository.FailureRepository;
import com.convosensei.dashboard.repository.FeedbackRepository;
import com.convosensei.dashboard.service.ListCounts;
import com.convosensei.dashboard.service.ListExport;
import com.convosensei.platform.query.Timeframe;
import com.convosensei.dashboard.service.TranscriptMasking;
import com.convosensei.contracts.Limits;
import com.convosensei.platform.error.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
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
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * Conversation list (filters, keyset pages, two sorts) and one conversation's detail, thread, health, failures and
 * feedback.
 */
@Path("/api/v1/conversations")
@RolesAllowed({Roles.ADMIN, Roles.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
public class ConversationResource {

    static final int MAX_QUERY_LENGTH = 200;

    private final ConversationRepository conversations;
    private final FailureRepository failures;
    private final FeedbackRepository feedback;
    private final Clock clock;
    private final AuditRepository audit;
    private final SecurityIdentity identity;
    private final JsonWebToken jwt;
    private final ListExport export;
    private final ListCounts counts;

    public ConversationResource(ConversationRepository conversations, FailureRepository failures,
                                FeedbackRepository feedback, Clock clock, AuditRepository audit,
                                SecurityIdentity identity, JsonWebToken jwt, ListExport export, ListCounts counts) {
        this.export = export;
        this.counts = counts;
        this.conversations = conversations;
        this.failures = failures;
        this.feedback = feedback;
        this.clock = clock;
        this.audit = audit;
        this.identity = identity;
        this.jwt = jwt;
    }

    @GET
    public Uni<Page<ConversationSummary>> list(@QueryParam("timeframe") String timeframe,
                                               @QueryParam("from") String from, @QueryParam("to") String to,
                                               @QueryParam("health_min") String healthMin,
                                               @QueryParam("health_max") String healthMax,
                                               @QueryParam("has_failures") String hasFailures,
                                               @QueryParam("has_negative_feedback") String hasNegativeFeedback,
                                               @QueryParam("environment") String environment,
                                               @QueryParam("tag") List<String> tag,
                                               @QueryParam("type") String type, @QueryParam("q") String q,
                                               @QueryParam("pattern_id") String patternId,
                                               @QueryParam("sort") String sort, @QueryParam("order") String order,
                                               @QueryParam("limit") String limit,
                                               @QueryParam("cursor") String cursor) {
        ConversationFilter filter = filter(timeframe, from, to, healthMin, healthMax, hasFailures, hasNegativeFeedback,
                environment, type, q, patternId, tag);
        Sort by = sort(sort);
        boolean ascending = ascending(by, order);
        int size = Params.limit(limit);
        return conversations.list(filter, by, ascending, size, Params.blank(cursor) ? null : cursor.trim());
    }

    /**
     * How many conversations the list's filters match: exact up to 10,000, past that "at least 10,000" or the query
     * planner's estimate (marked {@code exact: false}). A separate call so the list's first page never waits for it.
     */
    @GET
    @Path("/count")
    public Uni<ListCount> count(@QueryParam("timeframe") String timeframe,
                                @QueryParam("from") String from, @QueryParam("to") String to,
                                @QueryParam("health_min") String healthMin,
                                @QueryParam("health_max") String healthMax,
                                @QueryParam("has_failures") String hasFailures,
                                @QueryParam("has_negative_feedback") String hasNegativeFeedback,
                                @QueryParam("environment") String environment,
                                @QueryParam("tag") List<String> tag,
                                @QueryParam("type") String type, @QueryParam("q") String q,
                                @QueryParam("pattern_id") String patternId) {
        return conversations.count(filter(timeframe, from, to, healthMin, healthMax, hasFailures, hasNegativeFeedback,
                environment, type, q, patternId, tag), counts.cap(), counts.timeout());
    }

    /**
     * The filtered list (same filters and sort as {@code GET /conversations}) as a CSV or JSON Lines download,
     * streamed page by page; at most {@code X-Export-Max-Rows} rows (1,000,000 by default). Rows hold what the list
     * shows: the last message preview is masked as there.
     */
    @GET
    @Path("/export")
    // one declared type (RESTEasy streams a Multi raw for it); the JSONL download sets its own Content-Type
    @Produces("text/csv")
    public RestMulti<Buffer> export(@QueryParam("format") String format,
                                    @QueryParam("timeframe") String timeframe,
                                    @QueryParam("from") String from, @QueryParam("to") String to,
                                    @QueryParam("health_min") String healthMin,
                                    @QueryParam("health_max") String healthMax,
                                    @QueryParam("has_failures") String hasFailures,
                                    @QueryParam("has_negative_feedback") String hasNegativeFeedback,
                                    @QueryParam("environment") String environment,
                                    @QueryParam("tag") List<String> tag,
                                    @QueryParam("type") String type, @QueryParam("q") String q,
                                    @QueryParam("pattern_id") String patternId,
                                    @QueryParam("sort") String sort, @QueryParam("order") String order) {
        ListExport.Format as = exportFormat(format);
        ConversationFilter filter = filter(timeframe, from, to, healthMin, healthMax, hasFailures, hasNegativeFeedback,
                environment, type, q, patternId, tag);
        Sort by = sort(sort);
        boolean ascending = ascending(by, order);
        return export.stream("conversations", as, CSV_COLUMNS,
                (size, after) -> conversations.list(filter, by, ascending, size, after));
    }

    static final ListExport.Columns<ConversationSummary> CSV_COLUMNS = new ListExport.Columns<>(
            List.of("id", "external_id", "environment", "user_id", "health_score", "message_count", "has_failures",
                    "failure_count", "failure_types", "max_severity", "feedback_negative", "feedback_positive",
                    "sentiment_avg", "ended", "first_message_at", "last_message_at", "last_activity_at",
                    "last_message_preview"),
            c -> java.util.Arrays.asList(c.id(), c.externalId(), c.environment(), c.userId(), c.healthScore(),
                    c.messageCount(), c.hasFailures(), c.failureCount(), c.failureTypes(), c.maxSeverity(),
                    c.feedback() == null ? null : c.feedback().negative(),
                    c.feedback() == null ? null : c.feedback().positive(), c.sentimentAvg(), c.ended(),
                    c.firstMessageAt(), c.lastMessageAt(), c.lastActivityAt(), c.lastMessagePreview()));

    static ListExport.Format exportFormat(String format) {
        return Params.choice("format", format, "csv", "csv", "jsonl").equals("jsonl")
                ? ListExport.Format.JSONL : ListExport.Format.CSV;
    }

    private ConversationFilter filter(String timeframe, String from, String to, String healthMin, String healthMax,
                                      String hasFailures, String hasNegativeFeedback, String environment, String type,
                                      String q, String patternId, List<String> tag) {
        Timeframe range = Timeframe.optional(timeframe, from, to, clock);
        Double min = Params.number("health_min", healthMin, 0, 100);
        Double max = Params.number("health_max", healthMax, 0, 100);
        if (min != null && max != null && min > max) {
            throw ApiException.badRequest("health_min", "must not be greater than health_max");
        }
        List<String> types = Params.wireList("type", type, FailureType::fromWire, FailureType.values());
        return new ConversationFilter(range.from(), range.to(), min, max,
                Params.bool("has_failures", hasFailures),
                Params.text("environment", environment, Limits.MAX_ENVIRONMENT_LENGTH), types,
                Params.text("q", q, MAX_QUERY_LENGTH), Params.bool("has_negative_feedback", hasNegativeFeedback),
                Params.blank(patternId) ? null : Params.uuid("pattern_id", patternId), Params.tags(tag));
    }

    private static Sort sort(String sort) {
        return Params.choice("sort", sort, "last_activity", "last_activity", "health").equals("health")
                ? Sort.HEALTH : Sort.LAST_ACTIVITY;
    }

    /** Worst health first and newest activity first are what people look for. */
    private static boolean ascending(Sort by, String order) {
        return Params.choice("order", order, by == Sort.HEALTH ? "asc" : "desc", "asc", "desc").equals("asc");
    }

    @GET
    @Path("/{id}")
    public Uni<ConversationDetail> detail(@PathParam("id") String id) {
        return conversations.detail(Params.uuid("id", id)).map(ConversationResource::found);
    }

    /**
     * The thread with personal data masked ({@link TranscriptMasking}); {@code reveal=true} gives admins the text as
     * stored, after recording who revealed which conversation in {@code audit_events}. Viewers get 403 for reveal.
     */
    @GET
    @Path("/{id}/messages")
    public Uni<Page<MessageView>> messages(@PathParam("id") String id, @QueryParam("limit") String limit,
                                           @QueryParam("cursor") String cursor, @QueryParam("reveal") String reveal) {
        UUID conversationId = Params.uuid("id", id);
        int size = Params.limit(limit);
        Boolean revealParam = Params.bool("reveal", reveal);
        String after = Params.blank(cursor) ? null : cursor.trim();
        if (revealParam == null || !revealParam) {
            return conversations.messages(conversationId, size, after).map(ConversationResource::found)
                    .map(page -> new Page<>(page.items().stream().map(TranscriptMasking::mask).toList(),
                            page.nextCursor()));
        }
        return revealed(conversationId, () -> conversations.messages(conversationId, size, after))
                .map(ConversationResource::found);
    }

    /**
     * The conversation's feedback, conversation-level first, then by time. The comment is customer text, so it is
     * masked and revealed exactly as the transcript is ({@code reveal=true}: admins only, audited).
     */
    @GET
    @Path("/{id}/feedback")
    public Uni<List<FeedbackView>> feedback(@PathParam("id") String id, @QueryParam("reveal") String reveal) {
        UUID conversationId = Params.uuid("id", id);
        Boolean revealParam = Params.bool("reveal", reveal);
        if (revealParam == null || !revealParam) {
            return feedback.ofConversation(conversationId).chain(list -> existing(conversationId, list))
                    .map(list -> list.stream().map(TranscriptMasking::mask).toList());
        }
        return revealed(conversationId, () -> feedback.ofConversation(conversationId));
    }

    /** An empty list is either nothing yet or an unknown conversation (404): only then ask which. */
    private <T> Uni<List<T>> existing(UUID conversationId, List<T> list) {
        return list.isEmpty() ? conversations.exists(conversationId).map(found -> found(found ? list : null))
                : Uni.createFrom().item(list);
    }

    /**
     * Clear text for admins only (403 otherwise); unknown conversations are 404 before anything is audited, and the
     * audit row is committed before any text leaves.
     */
    private <T> Uni<T> revealed(UUID conversationId, Supplier<Uni<T>> read) {
        if (!identity.hasRole("admin")) {
            throw new ApiException(403, ApiError.of(ErrorCodes.FORBIDDEN, "revealing a transcript needs the admin role"));
        }
        String actor = jwt.getSubject() != null ? jwt.getSubject() : identity.getPrincipal().getName();
        return conversations.exists(conversationId).map(ConversationResource::foundOrNull)
                .chain(found -> audit.transcriptRevealed(actor, conversationId))
                .chain(() -> read.get());
    }

    private static Boolean foundOrNull(Boolean found) {
        return found(found ? Boolean.TRUE : null);
    }

    @GET
    @Path("/{id}/health")
    public Uni<HealthView> health(@PathParam("id") String id) {
        return conversations.health(Params.uuid("id", id)).map(ConversationResource::found);
    }

    @GET
    @Path("/{id}/failures")
    public Uni<List<FailureView>> failures(@PathParam("id") String id) {
        UUID conversationId = Params.uuid("id", id);
        return failures.ofConversation(conversationId).chain(list -> existing(conversationId, list));
    }

    static <T> T found(T value) {
        if (value == null) {
            throw ApiException.notFound("conversation");
        }
        return value;
    }
}
