package com.convosensei.ingestion.rest;

import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.ingestion.service.IntakeMetrics;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Ingestion-specific wording for errors the shared platform mappers answer generically. */
public class IngestionErrorMappers {

    private final IntakeMetrics metrics;

    public IngestionErrorMappers(IntakeMetrics metrics) {
        this.metrics = metrics;
    }

    /** Counted as one refused intake item of the door (RESTEasy refuses it before the resource runs). */
    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, ContainerRequestContext request) {
        IntakeMetrics.Endpoint endpoint = IntakeMetrics.Endpoint.ofPath(request.getUriInfo().getRequestUri().getPath());
        if (endpoint != null) {
            metrics.refused(endpoint, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, 1);
        }
        return Response.status(415).type(MediaType.APPLICATION_JSON)
                .entity(ApiError.of(ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Type must be application/json")).build();
    }
}
