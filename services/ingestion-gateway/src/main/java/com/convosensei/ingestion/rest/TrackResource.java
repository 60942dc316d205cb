package com.convosensei.ingestion.rest;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.Limits;
import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.contracts.ingest.TrackValidator;
import com.convosensei.ingestion.service.ApiKeyService;
import com.convosensei.ingestion.service.RateLimiter;
import com.convosensei.ingestion.service.TrackPipeline;
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
 * conversations) → {@link TrackPipeline} (validate with field paths, ownership, redaction, XADD to
 * {@code sensei:ingest}) → 202 (207 per item for the batch). The body (already read by {@link BodyLimitRoute}) is parsed here so malformed JSON, type errors and rule violations all get the
 * precise envelope (see {@link TrackValidator}).
 */
@Path(ApiPaths.TRACK)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TrackResource {

    private final ApiKeyService apiKeys;
    private final RateLimiter rateLimiter;
    private final TrackPipeline pipeline;
    private final ObjectReader reader;

    public TrackResource(ApiKeyService apiKeys, RateLimiter rateLimiter, TrackPipeline pipeline, ObjectMapper mapper) {
        this.apiKeys = apiKeys;
        this.rateLimiter = rateLimiter;
        this.pipeline = pipeline;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @POST
    public Uni<Response> track(@RestHeader("Authorization") String authorization,
                               @RestHeader("X-API-Key") String xApiKey,
                               @RestHeader(ApiKeyService.SENSEI_KEY_HEADER) String senseiKey, RoutingContext routing) {
        byte[] body = body(routing);
        // captured now: the server span is current here, maybe not in later callbacks
        Map<String, String> trace = IngestPublisher.currentTraceFields();
        Instant receivedAt = Instant.now();
        return apiKeys.authenticate(authorization, xApiKey, senseiKey).flatMap(key -> {
            JsonNode tree = parse(body);
            return rateLimiter.acquire(key.id(), 1)
                    .flatMap(ignored -> pipeline.submit(key, List.of(tree), i -> "", receivedAt, trace))
                    .flatMap(outcomes -> {
                        TrackPipeline.Outcome outcome = outcomes.get(0);
                        if (!outcome.accepted()) {
                            return Uni.createFrom().failure(outcome.failure());
                        }
                        return Uni.createFrom().item(Response.accepted(new TrackAccepted(true,
                                outcome.stored().conversationId(), outcome.eventId())).build());
                    });
        });
    }

    @POST
    @Path("/batch")
    public Uni<Response> trackBatch(@RestHeader("Authorization") String authorization,
                                    @RestHeader("X-API-Key") String xApiKey,
                                    @RestHeader(ApiKeyService.SENSEI_KEY_HEADER) String senseiKey,
                                    RoutingContext routing) {
        byte[] body = body(routing);
        Map<String, String> trace = IngestPublisher.currentTraceFields();
        Instant receivedAt = Instant.now();
        return apiKeys.authenticate(authorization, xApiKey, senseiKey).flatMap(key -> {
            JsonNode items = batchItems(parse(body));
            List<JsonNode> list = new ArrayList<>(items.size());
            items.forEach(list::add);
            return rateLimiter.acquire(key.id(), items.size())
                    .flatMap(ignored -> pipeline.submit(key, list, i -> "conversations[" + i + "].", receivedAt, trace))
                    .map(outcomes -> Response.status(207).entity(new BatchResult(itemResults(list, outcomes))).build());
        });
    }

    private static List<BatchItemResult> itemResults(List<JsonNode> items, List<TrackPipeline.Outcome> outcomes) {
        List<BatchItemResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            JsonNode idNode = item.isObject() ? item.get("conversation_id") : null;
            String conversationId = idNode != null && idNode.isTextual() ? idNode.textValue() : null;
            TrackPipeline.Outcome outcome = outcomes.get(i);
            results.add(outcome.accepted()
                    ? new BatchItemResult(i, conversationId, 202, outcome.eventId(), null)
                    : new BatchItemResult(i, conversationId, outcome.failure().status(), null,
                            outcome.failure().error()));
        }
        return results;
    }

    /** The body BodyLimitRoute read (and size-checked) before JAX-RS; JAX-RS itself reads no entity here. */
    static byte[] body(RoutingContext routing) {
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
