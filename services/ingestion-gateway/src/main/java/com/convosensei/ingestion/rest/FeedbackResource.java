package com.convosensei.ingestion.rest;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.Limits;
import com.convosensei.contracts.ingest.FeedbackRequest;
import com.convosensei.ingestion.service.ApiKeyService;
import com.convosensei.ingestion.service.FeedbackPipeline;
import static com.convosensei.ingestion.service.IntakeMetrics.Endpoint.FEEDBACK;
import static com.convosensei.ingestion.service.IntakeMetrics.Endpoint.FEEDBACK_BATCH;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

/**
 * The feedback API, shaped like {@link TrackResource}: API key → parse ({@link IngestRequests}) → rate limit (one
 * unit per feedback item, in the key's track allowance) → {@link FeedbackPipeline} (validate, ownership, redact the
 * comment, XADD to {@code sensei:feedback}) → 202 (207 per item for the batch).
 *
 * <p>Ownership: feedback on a conversation another key created is refused (403). Feedback on a conversation not seen
 * yet claims it for the sending key, exactly as a first track does: feedback often comes from the same backend
 * moments before (or, with queues, after) its conversation, and leaving it unclaimed would let any other key take the
 * conversation over in between.
 */
@Path(ApiPaths.FEEDBACK)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = IngestOpenApi.BEARER)
@SecurityRequirement(name = IngestOpenApi.HEADER)
@APIResponse(responseCode = "401", description = "API key missing, unknown or revoked")
@APIResponse(responseCode = "403", description = "The conversation belongs to another API key")
@APIResponse(responseCode = "413", description = "Body above " + Limits.MAX_BODY_BYTES + " bytes")
@APIResponse(responseCode = "415", description = "Not JSON")
@APIResponse(responseCode = "429", description = "Rate limited: retry after the Retry-After header's seconds")
@APIResponse(responseCode = "503", description = "Redis unavailable: retry later")
public class FeedbackResource {

    private final IngestDoor door;
    private final FeedbackPipeline pipeline;

    public FeedbackResource(IngestDoor door, FeedbackPipeline.Sources pipelines) {
        this.door = door;
        this.pipeline = pipelines.api();
    }

    @POST
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = FeedbackRequest.class)))
    @APIResponse(responseCode = "202", description = "In the stream",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = TrackAccepted.class)))
    public Uni<Response> feedback(@RestHeader("Authorization") String authorization,
                                  @RestHeader("X-API-Key") String xApiKey,
                                  @RestHeader(ApiKeyService.SENSEI_KEY_HEADER) String senseiKey,
                                  RoutingContext routing) {
        return door.single(FEEDBACK, pipeline, FeedbackRequest::conversationId,
                new IngestDoor.KeyHeaders(authorization, xApiKey, senseiKey), routing);
    }

    @POST
    @Path("/batch")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
        requiredProperties = "feedback", properties = @SchemaProperty(name = "feedback", type = SchemaType.ARRAY,
                implementation = FeedbackRequest.class, minItems = 1, maxItems = Limits.MAX_BATCH_FEEDBACK))))
    @APIResponse(responseCode = "207", description = "One result per item, in request order",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchResult.class)))
    public Uni<Response> feedbackBatch(@RestHeader("Authorization") String authorization,
                                       @RestHeader("X-API-Key") String xApiKey,
                                       @RestHeader(ApiKeyService.SENSEI_KEY_HEADER) String senseiKey,
                                       RoutingContext routing) {
        return door.batch(FEEDBACK_BATCH, pipeline, "feedback", Limits.MAX_BATCH_FEEDBACK,
                new IngestDoor.KeyHeaders(authorization, xApiKey, senseiKey), routing);
    }
}
