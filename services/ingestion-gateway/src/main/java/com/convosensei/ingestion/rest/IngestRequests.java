package com.convosensei.ingestion.rest;

import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.platform.error.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.convosensei.ingestion.service.IntakePipeline;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.function.Function;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.List;

/**
 * The steps every JSON intake endpoint shares before its own validator runs ({@link TrackResource},
 * {@link FeedbackResource}): take the body {@link BodyLimitRoute} read, parse it with precise 400s for malformed JSON,
 * unwrap a batch's array, and answer with the {@link IntakePipeline} outcomes (202, or 207 per item).
 */
final class IngestRequests {

    private IngestRequests() {
    }

    /** The body BodyLimitRoute read (and size-checked) before JAX-RS; JAX-RS itself reads no entity here. */
    static byte[] body(RoutingContext routing) {
        io.vertx.core.buffer.Buffer buffer = routing.body() == null ? null : routing.body().buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }

    /** The JSON tree, or a 400 {@code malformed_json} with Jackson's reason and where it stopped. */
    static JsonNode parse(ObjectReader reader, byte[] body) {
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

    /** The {@code field} array of a batch body, 1..{@code max} items, or a 400 naming the field. */
    static JsonNode batchItems(JsonNode tree, String field, int max) {
        if (tree == null || !tree.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object with a '" + field + "' array");
        }
        JsonNode items = tree.get(field);
        if (items == null || items.isNull()) {
            throw ApiException.badRequest(field, "is required");
        }
        if (!items.isArray()) {
            throw ApiException.badRequest(field, "must be an array");
        }
        if (items.isEmpty() || items.size() > max) {
            throw ApiException.badRequest(field, "must hold 1-" + max + " " + field + " (got " + items.size() + ")");
        }
        return items;
    }

    /** The item's conversation_id as sent, for its batch result (null when absent or not a string). */
    private static String conversationIdOf(JsonNode item) {
        JsonNode idNode = item != null && item.isObject() ? item.get("conversation_id") : null;
        return idNode != null && idNode.isTextual() ? idNode.textValue() : null;
    }

    /** A single request's answer: 202 with the event id, or its failure (the envelope, via the exception mappers). */
    static <R> Uni<Response> accepted(IntakePipeline.Outcome<R> outcome, Function<R, String> conversationId) {
        if (!outcome.accepted()) {
            return Uni.createFrom().failure(outcome.failure());
        }
        return Uni.createFrom().item(Response.accepted(new TrackAccepted(true,
                conversationId.apply(outcome.stored()), outcome.eventId())).build());
    }

    /** A batch's 207: per item 202 with the event id, or the failure's status and envelope, in request order. */
    static <R> Response batch(List<JsonNode> items, List<IntakePipeline.Outcome<R>> outcomes) {
        List<BatchItemResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            IntakePipeline.Outcome<R> outcome = outcomes.get(i);
            String conversationId = conversationIdOf(items.get(i));
            results.add(outcome.accepted() ? new BatchItemResult(i, conversationId, 202, outcome.eventId(), null)
                    : new BatchItemResult(i, conversationId, outcome.failure().status(), null,
                            outcome.failure().error()));
        }
        return Response.status(207).entity(new BatchResult(results)).build();
    }

    /** The array under {@code field} of a batch body, as a list (see {@link #batchItems}). */
    static List<JsonNode> batchList(JsonNode tree, String field, int max) {
        JsonNode items = batchItems(tree, field, max);
        List<JsonNode> list = new ArrayList<>(items.size());
        items.forEach(list::add);
        return list;
    }
}
