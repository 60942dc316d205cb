package com.convosensei.ingestion.rest;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.Limits;
import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
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
import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.io.IOException;
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
        byte[] body = body(routing);
        // captured now: the server span is current here, maybe not in later callbacks
        Map<String, String> trace = IngestPublisher.currentTraceFields();
        Instant receivedAt = Instant.now();
        return apiKeys.authenticate(authorization, xApiKey).flatMap(key -> {
            JsonNode tree = parse(body);
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
        byte[] body = body(routing);
        Map<String, String> trace = IngestPublisher.currentTraceFields();
        Instant receivedAt = Instant.now();
        return apiKeys.authenticate(authorization, xApiKey).flatMap(key -> {
            JsonNode items = batchItems(parse(body));
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
                JsonNode idNode = item.isObject() ? item.get("conversation_id") : null;
                String conversationId = idNode != null && idNode.isTextual() ? idNode.textValue() : null;
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
                        .onFailure().recoverWithItem(e -> e instanceof ApiException api
                                ? new BatchItemResult(index, conversationId, api.status(), null, api.error())
                                : new BatchItemResult(index, conversationId, 500, null,
                                        ApiError.of(ErrorCodes.INTERNAL, "internal error"))));
            }
            // XADDs go out together (pipelined over the pool); results keep request order
            return Uni.join().all(outcomes).andFailFast();
        });
    }

    private static ConversationRef ref(TrackRequest r) {
        return new ConversationRef(r.environment(), r.conversationId());
    }

    /** The body BodyLimitRoute read (and size-checked) before JAX-RS; JAX-RS itself reads no entity here. */
    private static byte[] body(RoutingContext routing) {
        io.vertx.core.buffer.Buffer buffer = routing.body() == null ? null : routing.body().buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiException(400, new ApiError("request body is empty; send a JSON object",
                    ErrorCodes.MALFORMED_JSON, List.of()));
        }
        try {
            return reader.readTree(body);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage() == null ? "unreadable JSON" : e.getOriginalMessage();
            int nl = reason.indexOf('\n');
            throw new ApiException(400, new ApiError("malformed JSON: " + (nl < 0 ? reason : reason.substring(0, nl))
                    + location(e), ErrorCodes.MALFORMED_JSON, List.of()));
        } catch (IOException e) {
            throw new ApiException(400, new ApiError("unreadable body", ErrorCodes.MALFORMED_JSON, List.of()));
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    private static JsonNode batchItems(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object with a 'conversations' array");
        }
        JsonNode items = tree.get("conversations");
        if (items == null || items.isNull()) {
            throw ApiException.badRequest("conversations", "is required");
        }
        if (!items.isArray()) {
            throw ApiException.badRequest("conversations", "must be an array");
        }
        if (items.isEmpty() || items.size() > Limits.MAX_BATCH_CONVERSATIONS) {
            throw ApiException.badRequest("conversations", "must hold 1-" + Limits.MAX_BATCH_CONVERSATIONS
                    + " conversations (got " + items.size() + ")");
        }
        return items;
    }
}
