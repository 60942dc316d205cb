package com.convosensei.ingestion.rest;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.Limits;
import com.convosensei.contracts.ingest.TrackRequest;
import com.convosensei.contracts.ingest.TrackValidator;
import com.convosensei.ingestion.service.ApiKeyService;
import com.convosensei.ingestion.service.TrackPipeline;
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
import org.jboss.resteasy.reactive.RestHeader;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

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
@SecuritySchemes({
    @SecurityScheme(securitySchemeName = IngestOpenApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
            description = "Authorization: Bearer <API key> (keys are created on the dashboard's API keys page)"),
    @SecurityScheme(securitySchemeName = IngestOpenApi.HEADER, type = SecuritySchemeType.APIKEY,
            in = SecuritySchemeIn.HEADER, apiKeyName = "X-API-Key", description = "X-API-Key: <API key>")})
@SecurityRequirement(name = IngestOpenApi.BEARER)
@SecurityRequirement(name = IngestOpenApi.HEADER)
@APIResponse(responseCode = "401", description = "API key missing, unknown or revoked")
@APIResponse(responseCode = "403", description = "The conversation belongs to another API key")
@APIResponse(responseCode = "413", description = "Body above " + Limits.MAX_BODY_BYTES + " bytes")
@APIResponse(responseCode = "415", description = "Not JSON")
@APIResponse(responseCode = "429", description = "Rate limited: retry after the Retry-After header's seconds")
@APIResponse(responseCode = "503", description = "Redis unavailable: retry later")
public class TrackResource {

    private final IngestDoor door;
    private final TrackPipeline pipeline;

    public TrackResource(IngestDoor door, TrackPipeline pipeline) {
        this.door = door;
        this.pipeline = pipeline;
    }

    @POST
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = TrackRequest.class)))
    @APIResponse(responseCode = "202", description = "In the stream",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = TrackAccepted.class)))
    public Uni<Response> track(@RestHeader("Authorization") String authorization,
                               @RestHeader("X-API-Key") String xApiKey,
                               @RestHeader(ApiKeyService.SENSEI_KEY_HEADER) String senseiKey, RoutingContext routing) {
        return door.single(TRACK, pipeline, TrackRequest::conversationId,
                new IngestDoor.KeyHeaders(authorization, xApiKey, senseiKey), routing);
    }

    @POST
    @Path("/batch")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
        requiredProperties = "conversations", properties = @SchemaProperty(name = "conversations", type = SchemaType.ARRAY,
                implementation = TrackRequest.class, minItems = 1, maxItems = Limits.MAX_BATCH_CONVERSATIONS))))
    @APIResponse(responseCode = "207", description = "One result per item, in request order",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchResult.class)))
    public Uni<Response> trackBatch(@RestHeader("Authorization") String authorization,
                                    @RestHeader("X-API-Key") String xApiKey,
                                    @RestHeader(ApiKeyService.SENSEI_KEY_HEADER) String senseiKey,
                                    RoutingContext routing) {
        return door.batch(TRACK_BATCH, pipeline, "conversations", Limits.MAX_BATCH_CONVERSATIONS,
                new IngestDoor.KeyHeaders(authorization, xApiKey, senseiKey), routing);
    }
}
