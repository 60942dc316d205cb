package com.convosensei.ingestion.rest;

import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Ingestion-specific wording for errors the shared platform mappers answer generically. */
public class IngestionErrorMappers {

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return Response.status(415).type(MediaType.APPLICATION_JSON)
                .entity(ApiError.of(ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Type must be application/json")).build();
    }
}
