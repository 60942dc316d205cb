package com.convosensei.ingestion.rest;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.contracts.Limits;
import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.convosensei.ingestion.otlp.OtlpCodec;
import com.convosensei.ingestion.service.IntakeMetrics;
import com.convosensei.platform.error.ApiException;
import io.vertx.core.buffer.Buffer;
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
 * below writes the envelope. {@link TrackResource} and {@link FeedbackResource} then take the body from the routing
 * context (declaring no JAX-RS
 * entity, so RESTEasy does not try to read the already consumed request again). The OTLP path is read the same way
 * (its gzip bodies are bounded again after inflating, in {@code OtlpCodec}).
 */
@ApplicationScoped
public class BodyLimitRoute {

    private final String envelope;
    private final byte[] otlpStatus;
    private final IntakeMetrics metrics;

    public BodyLimitRoute(ObjectMapper mapper, IntakeMetrics metrics) throws JsonProcessingException {
        this.metrics = metrics;
        ApiError tooLarge = ApiError.of(ErrorCodes.PAYLOAD_TOO_LARGE,
                "request body is larger than " + Limits.MAX_BODY_BYTES + " bytes (1 MiB); "
                        + "send long conversations in several requests");
        this.envelope = mapper.writeValueAsString(tooLarge);
        this.otlpStatus = OtlpCodec.status(new ApiException(413, tooLarge));
    }

    private static boolean isProtobuf(io.vertx.ext.web.RoutingContext ctx) {
        try {
            return OtlpCodec.encoding(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)) == OtlpCodec.Encoding.PROTOBUF;
        } catch (ApiException e) {
            return false;
        }
    }

    void install(@Observes Router router) {
        // right after the request log (Integer.MIN_VALUE + 10), before Quarkus' own size check and JAX-RS
        for (String path : new String[] {ApiPaths.TRACK + "*", ApiPaths.FEEDBACK + "*", ApiPaths.OTLP_TRACES}) {
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
                    IntakeMetrics.Endpoint endpoint = IntakeMetrics.Endpoint.ofPath(ctx.request().path());
                    if (endpoint != null) {
                        metrics.refused(endpoint, ErrorCodes.PAYLOAD_TOO_LARGE, 1);
                    }
                    if (!ctx.response().ended()) {
                        // an OTLP protobuf export is answered with a google.rpc.Status, as its other errors are
                        boolean protobuf = path.equals(ApiPaths.OTLP_TRACES) && isProtobuf(ctx);
                        ctx.response().setStatusCode(413)
                                .putHeader(HttpHeaders.CONTENT_TYPE, protobuf ? OtlpCodec.PROTOBUF : "application/json")
                                .putHeader(HttpHeaders.CONNECTION, "close")
                                .end(protobuf ? Buffer.buffer(otlpStatus) : Buffer.buffer(envelope));
                    }
                });
    }
}
