package com.convosensei.ingestion.rest;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.Limits;
import com.convosensei.contracts.ingest.TrackRequest;
import com.convosensei.contracts.ingest.TrackValidator;
import com.convosensei.ingestion.service.ApiKeyService;
import com.convosensei.ingestion.service.IntakeMetrics;
import com.convosensei.ingestion.service.RateLimiter;
import com.convosensei.ingestion.service.TrackPipeline;
import com.convosensei.ingestion.stream.IngestPublisher;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import static com.convosensei.ingestion.service.IntakeMetrics.Endpoint.TRACK;
import static com.convosensei.ingestion.service.IntakeMetrics.Endpoint.TRACK_BATCH;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * The ingestion API. Each request: authenticate the API key → parse JSON → rate limit (per key, counted in
 * conversations) → {@link TrackPipeline} (validate with field paths, ownership, redaction, XADD to
 * {@code sensei:ingest}) → 202 (207 per item for the batch). The body (already read by {@link BodyLimitRoute}) is
 * parsed here so malformed JSON, type errors and rule violations all get the
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
    private final IntakeMetrics metrics;

    public TrackResource(ApiKeyService apiKeys, RateLimiter rateLimiter, TrackPipeline pipeline,
                        ObjectMapper mapper, IntakeMetrics metrics) {
        this.apiKeys = apiKeys;
        this.rateLimiter = rateLimiter;
        this.pipeline = pipeline;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.metrics = metrics;
    }

    @POST
    public Uni<Response> track(@RestHeader("Authorization") String authorization,
                               @RestHeader("X-API-Key") String xApiKey,
                               @RestHeader(ApiKeyService.SENSEI_KEY_HEADER) String senseiKey, RoutingContext routing) {
        byte[] body = IngestRequests.body(routing);
        // captured now: the server span is current here, maybe not in later callbacks
        Map<String, String> trace = IngestPublisher.currentTraceFields();
        Instant receivedAt = Instant.now();
        return metrics.refusing(TRACK, 1, apiKeys.authenticate(authorization, xApiKey, senseiKey)).flatMap(key -> {
            JsonNode tree = metrics.refusing(TRACK, 1, () -> IngestRequests.parse(reader, body));
            return metrics.refusing(TRACK, 1, rateLimiter.acquire(key.id(), 1))
                    .flatMap(ignored -> pipeline.submit(TRACK, key, List.of(tree), i -> "", receivedAt, trace))
                    .flatMap(outcomes -> IngestRequests.accepted(outcomes.get(0), TrackRequest::conversationId));
        });
    }

    @POST
    @Path("/batch")
    public Uni<Response> trackBatch(@RestHeader("Authorization") String authorization,
                                    @RestHeader("X-API-Key") String xApiKey,
                                    @RestHeader(ApiKeyService.SENSEI_KEY_HEADER) String senseiKey,
                                    RoutingContext routing) {
        byte[] body = IngestRequests.body(routing);
        Map<String, String> trace = IngestPublisher.currentTraceFields();
        Instant receivedAt = Instant.now();
        return metrics.refusing(TRACK_BATCH, 1, apiKeys.authenticate(authorization, xApiKey, senseiKey)).flatMap(key -> {
            // a body refused before its items are read counts as one refused item
            List<JsonNode> list = metrics.refusing(TRACK_BATCH, 1, () -> IngestRequests.batchList(
                    IngestRequests.parse(reader, body), "conversations", Limits.MAX_BATCH_CONVERSATIONS));
            return metrics.refusing(TRACK_BATCH, list.size(), rateLimiter.acquire(key.id(), list.size()))
                    .flatMap(ignored -> pipeline.submit(TRACK_BATCH, key, list, i -> "conversations[" + i + "].", receivedAt,
                            trace))
                    .map(outcomes -> IngestRequests.batch(list, outcomes));
        });
    }
}
