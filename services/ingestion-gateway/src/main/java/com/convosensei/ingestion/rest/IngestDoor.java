package com.convosensei.ingestion.rest;

import com.convosensei.ingestion.service.ApiKeyCache;
import com.convosensei.ingestion.service.ApiKeyService;
import com.convosensei.ingestion.service.IntakeMetrics;
import com.convosensei.ingestion.service.IntakePipeline;
import com.convosensei.ingestion.service.RateLimiter;
import com.convosensei.ingestion.stream.IngestPublisher;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The steps every API-key intake endpoint takes, in order: authenticate, parse, rate limit (one unit per item), hand
 * the items to the endpoint's pipeline, answer 202 (one item) or 207 (a batch). A refusal at any step is counted by
 * {@link IntakeMetrics} once per item it refuses (a body refused before its items are read counts as one). The
 * resources keep only their paths, their OpenAPI description and their pipeline.
 */
@ApplicationScoped
public class IngestDoor {

    private final ApiKeyService apiKeys;
    private final RateLimiter rateLimiter;
    private final ObjectReader reader;
    private final IntakeMetrics metrics;

    public IngestDoor(ApiKeyService apiKeys, RateLimiter rateLimiter, ObjectMapper mapper, IntakeMetrics metrics) {
        this.apiKeys = apiKeys;
        this.rateLimiter = rateLimiter;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.metrics = metrics;
    }

    /** The API key as any of its three headers carries it. */
    public record KeyHeaders(String authorization, String xApiKey, String senseiKey) {
    }

    /** One item: 202 once it is in the stream; its conversation id names it in the answer. */
    public <R> Uni<Response> single(IntakeMetrics.Endpoint endpoint, IntakePipeline<R> pipeline,
                                    Function<R, String> conversationId, KeyHeaders headers, RoutingContext routing) {
        Request request = Request.of(routing);
        return authenticated(endpoint, headers).flatMap(key -> {
            JsonNode tree = metrics.refusing(endpoint, 1, () -> IngestRequests.parse(reader, request.body));
            return metrics.refusing(endpoint, 1, rateLimiter.acquire(key.id(), 1))
                    .flatMap(ignored -> pipeline.submit(endpoint, key, List.of(tree), i -> "", request.receivedAt,
                            request.trace))
                    .flatMap(outcomes -> IngestRequests.accepted(outcomes.get(0), conversationId));
        });
    }

    /** {@code {"<field>": [≤ max items]}}: 207 with one result per item, in request order. */
    public <R> Uni<Response> batch(IntakeMetrics.Endpoint endpoint, IntakePipeline<R> pipeline, String field, int max,
                                   KeyHeaders headers, RoutingContext routing) {
        Request request = Request.of(routing);
        return authenticated(endpoint, headers).flatMap(key -> {
            List<JsonNode> list = metrics.refusing(endpoint, 1,
                    () -> IngestRequests.batchList(IngestRequests.parse(reader, request.body), field, max));
            return metrics.refusing(endpoint, list.size(), rateLimiter.acquire(key.id(), list.size()))
                    .flatMap(ignored -> pipeline.submit(endpoint, key, list, i -> field + "[" + i + "].",
                            request.receivedAt, request.trace))
                    .map(outcomes -> IngestRequests.batch(list, outcomes));
        });
    }

    private Uni<ApiKeyCache.VerifiedKey> authenticated(IntakeMetrics.Endpoint endpoint, KeyHeaders h) {
        return metrics.refusing(endpoint, 1, apiKeys.authenticate(h.authorization(), h.xApiKey(), h.senseiKey()));
    }

    /** What is read from the request at once: the body, and the trace fields while the server span is current. */
    private record Request(byte[] body, Map<String, String> trace, Instant receivedAt) {
        static Request of(RoutingContext routing) {
            return new Request(IngestRequests.body(routing), IngestPublisher.currentTraceFields(), Instant.now());
        }
    }
}
