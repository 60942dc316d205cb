package com.convosensei.ingestion.rest;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.Limits;
import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.ingest.TrackRequest;
import com.convosensei.contracts.ingest.TrackValidator;
import com.convosensei.contracts.stream.IngestEvent;
import com.convosensei.ingestion.service.ApiKeyCache.VerifiedKey;
import com.convosensei.ingestion.service.ApiKeyService;
import com.convosensei.ingestion.ownership.ConversationOwnerRepository.ConversationRef;
import com.convosensei.ingestion.ownership.ConversationOwnership;
import com.convosensei.ingestion.redaction.Redaction;
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
import org.jboss.resteasy.reactive.RestHeader;

/**
 * The ingestion API. Each request: authenticate the API key → parse JSON → rate limit (per key, counted in
 * conversations) → validate every rule with field paths → check the key owns the conversation (403 otherwise, see
 * {@link ConversationOwnership}) → redact personal data ({@link Redaction}) → XADD to {@code sensei:ingest} → 202
 * (207 per item for the batch). The body (already read by {@link BodyLimitRoute}) is parsed here so malformed JSON, type errors and rule violations all get the
 * precise envelope (see {@link TrackValidator}).
 */
@Path(ApiPaths.TRACK)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TrackResource {

    private final ApiKeyService apiKeys;
    private final RateLimiter rateLimiter;
    private final TrackValidator validator;
    private final IngestPublisher publisher;
    private final ConversationOwnership ownership;
    private final Redaction redaction;
    private final ObjectReader reader;

    public TrackResource(ApiKeyService apiKeys, RateLimiter rateLimiter, TrackValidator validator,
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
    public Uni<Response> track(@RestHeader("Authorization") String authorization,
                               @RestHeader("X-API-Key") String xApiKey, RoutingContext routing) {
        byte[] body = IngestRequests.body(routing);
        // captured now: the server span is current here, maybe not in later callbacks
        Map<String, String> trace = IngestPublisher.currentTraceFields();
        Instant receivedAt = Instant.now();
        return apiKeys.authenticate(authorization, xApiKey).flatMap(key -> {
            JsonNode tree = IngestRequests.parse(reader, body);
            return rateLimiter.acquire(key.id(), 1).flatMap(ignored -> {
                TrackValidator.Result result = validator.validate(tree, "");
                if (!result.valid()) {
                    return Uni.createFrom().failure(ApiException.badRequest(result.errors()));
                }
                ConversationRef ref = ref(result.request());
                return ownership.writable(List.of(ref), key.id()).flatMap(writable -> {
                    if (!writable.contains(ref)) {
                        return Uni.createFrom().failure(ConversationOwnership.notYours(""));
                    }
                    TrackRequest stored = redaction.apply(result.request());
                    return publisher.publish(new IngestEvent(stored, key.id(), receivedAt), trace)
                            .map(eventId -> Response.accepted(
                                    new TrackAccepted(true, stored.conversationId(), eventId)).build());
                });
            });
        });
    }

    @POST
    @Path("/batch")
    public Uni<Response> trackBatch(@RestHeader("Authorization") String authorization,
                                    @RestHeader("X-API-Key") String xApiKey, RoutingContext routing) {
        byte[] body = IngestRequests.body(routing);
        Map<String, String> trace = IngestPublisher.currentTraceFields();
        Instant receivedAt = Instant.now();
        return apiKeys.authenticate(authorization, xApiKey).flatMap(key -> {
            JsonNode items = IngestRequests.batchItems(IngestRequests.parse(reader, body), "conversations",
                    Limits.MAX_BATCH_CONVERSATIONS);
            return rateLimiter.acquire(key.id(), items.size())
                    .flatMap(ignored -> publishAll(key, items, receivedAt, trace))
                    .map(results -> Response.status(207).entity(new BatchResult(results)).build());
        });
    }

    private Uni<List<BatchItemResult>> publishAll(VerifiedKey key, JsonNode items, Instant receivedAt,
                                                  Map<String, String> trace) {
        List<TrackValidator.Result> results = new ArrayList<>(items.size());
        List<ConversationRef> refs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            TrackValidator.Result result = validator.validate(items.get(i), "conversations[" + i + "].");
            results.add(result);
            if (result.valid()) {
                refs.add(ref(result.request()));
            }
        }
        Uni<java.util.Set<ConversationRef>> writable = refs.isEmpty() ? Uni.createFrom().item(java.util.Set.of())
                : ownership.writable(refs, key.id());
        return writable.flatMap(allowed -> {
            List<Uni<BatchItemResult>> outcomes = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                JsonNode item = items.get(i);
                String conversationId = IngestRequests.conversationIdOf(item);
                TrackValidator.Result result = results.get(i);
                if (!result.valid()) {
                    outcomes.add(Uni.createFrom().item(
                            new BatchItemResult(index, conversationId, 400, null, ApiError.invalid(result.errors()))));
                    continue;
                }
                if (!allowed.contains(ref(result.request()))) {
                    outcomes.add(Uni.createFrom().item(new BatchItemResult(index, conversationId, 403, null,
                            ConversationOwnership.notYours("conversations[" + i + "].").error())));
                    continue;
                }
                TrackRequest stored = redaction.apply(result.request());
                outcomes.add(publisher.publish(new IngestEvent(stored, key.id(), receivedAt), trace)
                        .map(eventId -> new BatchItemResult(index, conversationId, 202, eventId, null))
                        .onFailure().recoverWithItem(e -> IngestRequests.publishFailed(index, conversationId, e)));
            }
            // XADDs go out together (pipelined over the pool); results keep request order
            return Uni.join().all(outcomes).andFailFast();
        });
    }

    private static ConversationRef ref(TrackRequest r) {
        return new ConversationRef(r.environment(), r.conversationId());
    }
}
