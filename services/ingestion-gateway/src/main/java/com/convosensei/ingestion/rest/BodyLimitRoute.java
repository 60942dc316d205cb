package com.convosensei.ingestion.rest;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.Limits;
import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Bodies over {@link Limits#MAX_BODY_BYTES} get the 413 error envelope. Quarkus' own limit
 * ({@code quarkus.http.limits.max-body-size}) answers an empty 413 before JAX-RS and its exception mappers run, so the
 * ingestion paths read their body here first, with Vert.x's {@link BodyHandler} and the same limit: a declared
 * Content-Length over the limit is refused at once, a chunked body as soon as it crosses it, and the failure handler
 * below writes the envelope. {@link TrackResource} then takes the body from the routing context (declaring no JAX-RS
 * entity, so RESTEasy does not try to read the already consumed request again). The OTLP path is read the same way
 * (its gzip bodies are bounded again after inflating, in {@code OtlpCodec}).
 */
@ApplicationScoped
public class BodyLimitRoute {

    private final String envelope;

    public BodyLimitRoute(ObjectMapper mapper) throws JsonProcessingException {
        this.envelope = mapper.writeValueAsString(ApiError.of(ErrorCodes.PAYLOAD_TOO_LARGE,
                "request body is larger than " + Limits.MAX_BODY_BYTES + " bytes (1 MiB); "
                        + "send long conversations in several requests"));
    }

    void install(@Observes Router router) {
        // right after the request log (Integer.MIN_VALUE + 10), before Quarkus' own size check and JAX-RS
        for (String path : new String[] {ApiPaths.TRACK + "*", ApiPaths.OTLP_TRACES}) {
            install(router, path);
        }
    }

    private void install(Router router, String path) {
        router.route(path).order(Integer.MIN_VALUE + 11)
                .handler(BodyHandler.create(false).setBodyLimit(Limits.MAX_BODY_BYTES))
                .failureHandler(ctx -> {
                    if (ctx.statusCode() != 413) {
                        ctx.next();
                        return;
                    }
                    if (!ctx.response().ended()) {
                        ctx.response().setStatusCode(413)
                                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                                .putHeader(HttpHeaders.CONNECTION, "close")
                                .end(envelope);
                    }
                });
    }
}
