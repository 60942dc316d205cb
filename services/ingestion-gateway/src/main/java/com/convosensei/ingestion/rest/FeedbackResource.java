package com.convosensei.ingestion.rest;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.Limits;
import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.ingest.FeedbackRequest;
import com.convosensei.contracts.ingest.FeedbackValidator;
import com.convosensei.contracts.stream.FeedbackEvent;
import com.convosensei.ingestion.ownership.ConversationOwnerRepository.ConversationRef;
import com.convosensei.ingestion.ownership.ConversationOwnership;
import com.convosensei.ingestion.redaction.Redaction;
import com.convosensei.ingestion.service.ApiKeyCache.VerifiedKey;
import com.convosensei.ingestion.service.ApiKeyService;
import com.convosensei.ingestion.service.RateLimiter;
import com.convosensei.ingestion.stream.IngestPublisher;
import com.convosensei.platform.error.ApiException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * The feedback API, the same pipeline as {@link TrackResource}: API key → parse ({@link IngestRequests}) → rate
 * limit (one unit per feedback item, in the key's track allowance) → validate ({@link FeedbackValidator}) → the key
 * must own the conversation → redact the comment ({@link Redaction}) → XADD to {@code sensei:feedback} → 202 (207
 * per item for the batch).
 *
 * <p>Ownership: feedback on a conversation another key created is refused (403). Feedback on a conversation not seen
 * yet claims it for the sending key, exactly as a first track does: feedback often comes from the same backend
 * moments before (or, with queues, after) its conversation, and leaving it unclaimed would let any other key take the
 * conversation over in between.
 */
@Path(ApiPaths.FEEDBACK)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class FeedbackResource {

    private final ApiKeyService apiKeys;
    private final RateLimiter rateLimiter;
    private final FeedbackValidator validator;
    private final IngestPublisher publisher;
    private final ConversationOwnership ownership;
    private final Redaction redaction;
    private final ObjectReader reader;

    public FeedbackResource(ApiKeyService apiKeys, RateLimiter rateLimiter, FeedbackValidator validator,
                            IngestPublisher publisher, ConversationOwnership ownership, Redaction redaction,
                            ObjectMapper mapper) {
        this.apiKeys = apiKeys;
        this.rateLimiter = rateLimiter;
        this.validator = validator;
        this.publisher = publisher;
        this.ownership = ownership;
        this.redaction = redaction;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @POST
    public Uni<Response> feedback(@RestHeader("Authorization") String authorization,
                                  @RestHeader("X-API-Key") String xApiKey, RoutingContext routing) {
        byte[] body = IngestRequests.body(routing);
        // captured now: the server span is current here, maybe not in later callbacks
        Map<String, String> trace = IngestPublisher.currentTraceFields();
        Instant receivedAt = Instant.now();
        return apiKeys.authenticate(authorization, xApiKey).flatMap(key -> {
            JsonNode tree = IngestRequests.parse(reader, body);
            return rateLimiter.acquire(key.id(), 1).flatMap(ignored -> {
                FeedbackValidator.Result result = validator.validate(tree, "");
                if (!result.valid()) {
                    return Uni.createFrom().failure(ApiException.badRequest(result.errors()));
                }
                ConversationRef ref = ref(result.request());
                return ownership.writable(List.of(ref), key.id()).flatMap(writable -> {
                    if (!writable.contains(ref)) {
                        return Uni.createFrom().failure(ConversationOwnership.notYours(""));
                    }
                    FeedbackRequest stored = redaction.apply(result.request());
                    return publish(stored, key, receivedAt, trace).map(eventId -> Response.accepted(
                            new TrackAccepted(true, stored.conversationId(), eventId)).build());
                });
            });
        });
    }

    @POST
    @Path("/batch")
    public Uni<Response> feedbackBatch(@RestHeader("Authorization") String authorization,
                                       @RestHeader("X-API-Key") String xApiKey, RoutingContext routing) {
        byte[] body = IngestRequests.body(routing);
        Map<String, String> trace = IngestPublisher.currentTraceFields();
        Instant receivedAt = Instant.now();
        return apiKeys.authenticate(authorization, xApiKey).flatMap(key -> {
            JsonNode items = IngestRequests.batchItems(IngestRequests.parse(reader, body), "feedback",
                    Limits.MAX_BATCH_FEEDBACK);
            return rateLimiter.acquire(key.id(), items.size())
                    .flatMap(ignored -> publishAll(key, items, receivedAt, trace))
                    .map(results -> Response.status(207).entity(new BatchResult(results)).build());
        });
    }

    private Uni<List<BatchItemResult>> publishAll(VerifiedKey key, JsonNode items, Instant receivedAt,
                                                  Map<String, String> trace) {
        List<FeedbackValidator.Result> results = new ArrayList<>(items.size());
        List<ConversationRef> refs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            FeedbackValidator.Result result = validator.validate(items.get(i), "feedback[" + i + "].");
            results.add(result);
            if (result.valid()) {
                refs.add(ref(result.request()));
            }
        }
        Uni<Set<ConversationRef>> writable = refs.isEmpty() ? Uni.createFrom().item(Set.of())
                : ownership.writable(refs, key.id());
        return writable.flatMap(allowed -> {
            List<Uni<BatchItemResult>> outcomes = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                String conversationId = IngestRequests.conversationIdOf(items.get(i));
                FeedbackValidator.Result result = results.get(i);
                if (!result.valid()) {
                    outcomes.add(Uni.createFrom().item(
                            new BatchItemResult(index, conversationId, 400, null, ApiError.invalid(result.errors()))));
                } else if (!allowed.contains(ref(result.request()))) {
                    outcomes.add(Uni.createFrom().item(new BatchItemResult(index, conversationId, 403, null,
                            ConversationOwnership.notYours("feedback[" + i + "].").error())));
                } else {
                    outcomes.add(publish(redaction.apply(result.request()), key, receivedAt, trace)
                            .map(eventId -> new BatchItemResult(index, conversationId, 202, eventId, null))
                            .onFailure().recoverWithItem(e -> IngestRequests.publishFailed(index, conversationId, e)));
                }
            }
            return Uni.join().all(outcomes).andFailFast();
        });
    }

    private Uni<String> publish(FeedbackRequest stored, VerifiedKey key, Instant receivedAt, Map<String, String> trace) {
        return publisher.publishFeedback(new FeedbackEvent(stored, key.id(), receivedAt, FeedbackEvent.SOURCE_API), trace);
    }

    private static ConversationRef ref(FeedbackRequest r) {
        return new ConversationRef(r.environment(), r.conversationId());
    }
}
