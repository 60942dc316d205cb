package com.convosensei.ingestion.rest;

import static com.convosensei.ingestion.service.IntakeMetrics.Endpoint.OTLP;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.contracts.ingest.FeedbackRequest;
import com.convosensei.contracts.ingest.TrackRequest;
import com.convosensei.ingestion.otlp.OtlpCodec;
import com.convosensei.ingestion.otlp.OtlpCodec.Encoding;
import com.convosensei.ingestion.otlp.SpanMapper;
import com.convosensei.ingestion.service.ApiKeyCache.VerifiedKey;
import com.convosensei.ingestion.service.ApiKeyService;
import com.convosensei.ingestion.service.FeedbackPipeline;
import com.convosensei.ingestion.service.IntakeMetrics;
import com.convosensei.ingestion.service.IntakePipeline;
import com.convosensei.ingestion.service.RateLimiter;
import com.convosensei.ingestion.service.TrackPipeline;
import com.convosensei.ingestion.stream.IngestPublisher;
import com.convosensei.platform.error.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestHeader;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import com.convosensei.contracts.Limits;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

/**
 * OTLP/HTTP trace export ({@code POST /v1/traces}): GenAI spans become conversations. Each request: content type
 * (415) → API key (401) → gunzip, bounded (413) → decode protobuf or JSON (400) → {@link SpanMapper} → rate limit
 * counted in conversations (429) → the same {@link TrackPipeline} as track → evaluation events through the same
 * {@link FeedbackPipeline} as the feedback API → 200 {@code ExportTraceServiceResponse}, with a partial success naming
 * each rejected span.
 * The 200 is only sent once every accepted conversation is in the stream; a Redis failure on any of them is a 503
 * (the exporter retries the whole export, which the processor's dedup makes harmless).
 * Counted as intake items of endpoint {@code otlp} ({@link IntakeMetrics}): each conversation and feedback item, a span
 * the mapper rejected as {@code validation_failed}, an export refused before its spans are read as one item.
 */
@Path(ApiPaths.OTLP_TRACES)
@SecurityRequirement(name = IngestOpenApi.BEARER)
@SecurityRequirement(name = IngestOpenApi.HEADER)
@APIResponse(responseCode = "401", description = "API key missing, unknown or revoked")
@APIResponse(responseCode = "413", description = "Body above " + Limits.MAX_BODY_BYTES + " bytes")
@APIResponse(responseCode = "415", description = "Not JSON")
@APIResponse(responseCode = "429", description = "Rate limited: retry after the Retry-After header's seconds")
@APIResponse(responseCode = "503", description = "Redis unavailable: retry later")
public class OtlpResource {

    /** Reasons listed in the partial-success message; the count is always complete. */
    private static final int MAX_REASONS = 10;

    private final ApiKeyService apiKeys;
    private final RateLimiter rateLimiter;
    private final TrackPipeline pipeline;
    private final FeedbackPipeline feedbackPipeline;
    private final SpanMapper spans;
    private final OtlpCodec codec;
    private final ObjectMapper mapper;
    private final IntakeMetrics metrics;

    public OtlpResource(ApiKeyService apiKeys, RateLimiter rateLimiter, TrackPipeline pipeline,
                        FeedbackPipeline.Sources feedbackPipelines, SpanMapper spans, OtlpCodec codec, ObjectMapper mapper,
                        IntakeMetrics metrics) {
        this.apiKeys = apiKeys;
        this.rateLimiter = rateLimiter;
        this.pipeline = pipeline;
        this.feedbackPipeline = feedbackPipelines.otlp();
        this.spans = spans;
        this.codec = codec;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    @POST
    @RequestBody(required = true, description = "OTLP/HTTP ExportTraceServiceRequest (docs/otlp.md)", content = {
        @Content(mediaType = "application/x-protobuf", schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT))})
    @APIResponse(responseCode = "200", description = "ExportTraceServiceResponse (partial_success names the spans refused)",
        content = {@Content(mediaType = "application/x-protobuf", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT))})
    @APIResponse(responseCode = "415", description = "Neither application/x-protobuf nor application/json, or an unknown Content-Encoding")
    public Uni<Response> export(@RestHeader("Content-Type") String contentType,
                                @RestHeader("Content-Encoding") String contentEncoding,
                                @RestHeader("Authorization") String authorization,
                                @RestHeader("X-API-Key") String xApiKey,
                                @RestHeader(ApiKeyService.SENSEI_KEY_HEADER) String senseiKey,
                                RoutingContext routing) {
        Encoding encoding;
        try {
            encoding = OtlpCodec.encoding(contentType);
        } catch (ApiException e) {
            metrics.refused(OTLP, e, 1);
            return Uni.createFrom().item(error(e, Encoding.JSON));
        }
        byte[] body = IngestRequests.body(routing);
        Map<String, String> trace = IngestPublisher.currentTraceFields();
        Instant receivedAt = Instant.now();
        return metrics.refusing(OTLP, 1, apiKeys.authenticate(authorization, xApiKey, senseiKey))
                .flatMap(key -> {
                    SpanMapper.Result mapped = metrics.refusing(OTLP, 1, () -> spans.map(
                            codec.decode(OtlpCodec.inflate(body, contentEncoding), encoding),
                            key.otlpConversationAttribute()));
                    metrics.refused(OTLP, ErrorCodes.VALIDATION_FAILED, mapped.rejected().size());
                    return ingest(key, mapped, receivedAt, trace);
                })
                .map(response -> Response.ok(codec.response(response, encoding), mediaType(encoding)).build())
                .onFailure(ApiException.class).recoverWithItem(e -> error((ApiException) e, encoding));
    }

    private Uni<ExportTraceServiceResponse> ingest(VerifiedKey key, SpanMapper.Result mapped, Instant receivedAt,
                                                   Map<String, String> trace) {
        List<JsonNode> bodies = new ArrayList<>(mapped.conversations().size());
        mapped.conversations().forEach(c -> bodies.add(c.body()));
        List<SpanMapper.Feedback> feedback = mapped.feedback();
        int weight = bodies.size() + feedback.size();
        Uni<Void> allowed = weight == 0 ? Uni.createFrom().voidItem()
                : metrics.refusing(OTLP, weight, rateLimiter.acquire(key.id(), weight));
        return allowed
                .flatMap(ignored -> bodies.isEmpty() ? Uni.createFrom().item(List.<IntakePipeline.Outcome<TrackRequest>>of())
                        : pipeline.submit(OTLP, key, bodies, i -> "", receivedAt, trace))
                .flatMap(outcomes -> publishFeedback(key, feedback, receivedAt, trace).map(feedbackRejected -> {
                    Map<String, String> rejected = new LinkedHashMap<>(mapped.rejected());
                    for (int i = 0; i < outcomes.size(); i++) {
                        IntakePipeline.Outcome<TrackRequest> outcome = outcomes.get(i);
                        if (outcome.accepted()) {
                            continue;
                        }
                        // a stream failure must not look like a rejection: the exporter retries on 503
                        if (outcome.failure().status() >= 500) {
                            throw outcome.failure();
                        }
                        rejected.put(mapped.conversations().get(i).span(), reason(outcome.failure()));
                    }
                    rejected.putAll(feedbackRejected);
                    Log.debugf("OTLP export: %d spans, %d conversations, %d ignored, %d rejected",
                            mapped.totalSpans(), bodies.size(), mapped.ignoredSpans(), rejected.size());
                    return response(rejected);
                }));
    }

    /**
     * Each feedback item through the same {@link FeedbackPipeline} as the feedback API (validation, ownership,
     * comment redaction); an item it refuses becomes a rejection keyed by span, a stream failure a 503.
     */
    private Uni<Map<String, String>> publishFeedback(VerifiedKey key, List<SpanMapper.Feedback> feedback,
                                                     Instant receivedAt, Map<String, String> trace) {
        Map<String, String> rejected = new LinkedHashMap<>();
        List<SpanMapper.Feedback> readable = new ArrayList<>();
        List<JsonNode> bodies = new ArrayList<>();
        for (SpanMapper.Feedback item : feedback) {
            if (item.problem() != null) {
                metrics.refused(OTLP, ErrorCodes.VALIDATION_FAILED, 1);
                rejected.put(item.span() + " gen_ai.evaluation.result", item.problem());
            } else {
                readable.add(item);
                bodies.add(mapper.valueToTree(item.request()));
            }
        }
        if (bodies.isEmpty()) {
            return Uni.createFrom().item(rejected);
        }
        return feedbackPipeline.submit(OTLP, key, bodies, i -> "", receivedAt, trace)
                .map(outcomes -> {
                    for (int i = 0; i < outcomes.size(); i++) {
                        IntakePipeline.Outcome<FeedbackRequest> outcome = outcomes.get(i);
                        if (outcome.accepted()) {
                            continue;
                        }
                        if (outcome.failure().status() >= 500) {
                            throw outcome.failure();
                        }
                        rejected.put(readable.get(i).span() + " gen_ai.evaluation.result", reason(outcome.failure()));
                    }
                    return rejected;
                });
    }

    private static String reason(ApiException e) {
        StringBuilder reason = new StringBuilder(e.error().message());
        if (e.error().details() != null) {
            e.error().details().forEach(d -> reason.append("; ").append(d.field()).append(": ").append(d.reason()));
        }
        return reason.toString();
    }

    private static ExportTraceServiceResponse response(Map<String, String> rejected) {
        if (rejected.isEmpty()) {
            return ExportTraceServiceResponse.getDefaultInstance();
        }
        StringBuilder message = new StringBuilder().append(rejected.size()).append(" span(s) rejected: ");
        int listed = 0;
        for (Map.Entry<String, String> e : rejected.entrySet()) {
            if (listed++ == MAX_REASONS) {
                message.append(" ... and ").append(rejected.size() - MAX_REASONS).append(" more");
                break;
            }
            message.append(listed > 1 ? " | " : "").append(e.getKey()).append(": ").append(e.getValue());
        }
        return ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(rejected.size()).setErrorMessage(message.toString())).build();
    }

    private static Response error(ApiException e, Encoding encoding) {
        Response.ResponseBuilder builder = Response.status(e.status());
        e.headers().forEach(builder::header);
        if (encoding == Encoding.PROTOBUF) {
            return builder.type(OtlpCodec.PROTOBUF).entity(OtlpCodec.status(e)).build();
        }
        return builder.type(MediaType.APPLICATION_JSON).entity(e.error()).build();
    }

    private static String mediaType(Encoding encoding) {
        return encoding == Encoding.PROTOBUF ? OtlpCodec.PROTOBUF : OtlpCodec.JSON;
    }
}
