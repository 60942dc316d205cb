package com.convosensei.contracts.ingest;

import static com.convosensei.contracts.ingest.IngestFields.conversationId;
import static com.convosensei.contracts.ingest.IngestFields.environment;
import static com.convosensei.contracts.ingest.IngestFields.optionalText;
import static com.convosensei.contracts.ingest.IngestFields.timestamp;
import static com.convosensei.contracts.ingest.IngestFields.utf8Length;

import com.convosensei.contracts.Limits;
import com.convosensei.contracts.error.ErrorDetail;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks one track request (a JSON tree) against every ingestion rule and names each offending field by its path
 * ({@code messages[3].timestamp}); on success returns the normalised request that goes into the stream.
 * Validation is done by hand rather than with Bean Validation so that every rule — including types, which Jackson
 * would otherwise reject before any rule runs — reports a precise path, and so that one bad item of a batch never
 * spoils the others.
 *
 * <p>Nothing is changed silently: text that PostgreSQL or UTF-8 cannot hold as sent (NUL, a lone UTF-16 surrogate,
 * which would be stored as '?' and make two different ids equal) and numbers a double cannot hold ({@code 1e400},
 * which would become "Infinity") are refused with the field's path, as is metadata nested deeper than
 * {@link Limits#MAX_METADATA_DEPTH} (the processor's reader allows exactly that plus the event's wrapper levels).
 * It lives in libs/contracts so the processor's tests can check that everything it accepts is decoded and stored.
 *
 * <p>Normalisation: {@code environment} defaults to {@value Limits#DEFAULT_ENVIRONMENT}; timestamps become UTC
 * instants truncated to microseconds (PostgreSQL's precision, so the dedup hash computed from them is stable);
 * {@code ended} defaults to false; null metadata stays null.
 */
public class TrackValidator {

    /** Stop collecting after this many problems: enough to fix a request, bounded for hostile ones. */
    static final int MAX_DETAILS = IngestFields.MAX_DETAILS;

    private final ObjectMapper mapper;
    private final Clock clock;

    public TrackValidator(ObjectMapper mapper) {
        this(mapper, Clock.systemUTC());
    }

    public TrackValidator(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Outcome: {@code request} when {@code errors} is empty. */
    public record Result(TrackRequest request, List<ErrorDetail> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * @param body the conversation object
     * @param path prefix for field names ("" for a single request, {@code conversations[2].} for a batch item)
     */
    public Result validate(JsonNode body, String path) {
        FieldErrors errors = new FieldErrors(path);
        if (body == null || !body.isObject()) {
            errors.add("", "must be a JSON object");
            return new Result(null, errors.list);
        }
        Instant latestAllowed = clock.instant().plusSeconds(Limits.MAX_FUTURE_SKEW_SECONDS);

        String conversationId = conversationId(body.get("conversation_id"), errors);
        String environment = environment(body.get("environment"), errors);
        String userId = optionalText(body.get("user_id"), "user_id", Limits.MAX_USER_ID_LENGTH, errors);
        JsonNode metadata = metadata(body.get("metadata"), "metadata", errors);
        Boolean ended = optionalBoolean(body.get("ended"), "ended", errors);

        List<TrackMessage> messages = new ArrayList<>();
        JsonNode list = body.get("messages");
        if (list == null || list.isNull()) {
            errors.add("messages", "is required");
        } else if (!list.isArray()) {
            errors.add("messages", "must be an array");
        } else if (list.size() > Limits.MAX_MESSAGES_PER_REQUEST) {
            errors.add("messages", "must hold at most " + Limits.MAX_MESSAGES_PER_REQUEST + " messages (got "
                    + list.size() + "); send longer conversations in several requests");
        } else {
            for (int i = 0; i < list.size() && !errors.full(); i++) {
                TrackMessage m = message(list.get(i), "messages[" + i + "]", latestAllowed, errors);
                if (m != null) {
                    messages.add(m);
                }
            }
        }
        if (!errors.list.isEmpty()) {
            return new Result(null, errors.list);
        }
        return new Result(new TrackRequest(conversationId, environment, userId, metadata, List.copyOf(messages),
                ended != null && ended), List.of());
    }

    private TrackMessage message(JsonNode node, String path, Instant latestAllowed, FieldErrors errors) {
        if (node == null || !node.isObject()) {
            errors.add(path, "must be an object");
            return null;
        }
        int before = errors.list.size();
        String id = optionalText(node.get("id"), path + ".id", Limits.MAX_MESSAGE_ID_LENGTH, errors);

        String role = null;
        JsonNode roleNode = node.get("role");
        if (roleNode == null || roleNode.isNull()) {
            errors.add(path + ".role", "is required");
        } else if (!roleNode.isTextual() || !Role.ALL.contains(roleNode.textValue())) {
            errors.add(path + ".role", "must be one of user, assistant, system, tool");
        } else {
            role = roleNode.textValue();
        }

        String content = null;
        JsonNode contentNode = node.get("content");
        if (contentNode == null || contentNode.isNull()) {
            errors.add(path + ".content", "is required");
        } else if (!contentNode.isTextual()) {
            errors.add(path + ".content", "must be a string");
        } else {
            content = contentNode.textValue();
            int bytes = utf8Length(content);
            if (bytes > Limits.MAX_MESSAGE_CONTENT_BYTES) {
                errors.add(path + ".content", "must be at most " + Limits.MAX_MESSAGE_CONTENT_BYTES
                        + " bytes of UTF-8 (got " + bytes + ")");
            } else if (textProblem(content) != null) {
                errors.add(path + ".content", textProblem(content));
            }
        }

        Instant timestamp = timestamp(node.get("timestamp"), path + ".timestamp", latestAllowed, errors);
        JsonNode metadata = metadata(node.get("metadata"), path + ".metadata", errors);
        Integer latency = optionalCount(node.get("latency_ms"), path + ".latency_ms", errors);
        Integer tokens = optionalCount(node.get("tokens"), path + ".tokens", errors);
        if (errors.list.size() != before) {
            return null;
        }
        return new TrackMessage(id, role, content, timestamp, metadata, latency, tokens);
    }

    private static Boolean optionalBoolean(JsonNode node, String field, FieldErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            errors.add(field, "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    /** latency_ms / tokens: a whole number from 0 to 2^31-1. */
    private static Integer optionalCount(JsonNode node, String field, FieldErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            errors.add(field, "must be a whole number between 0 and " + Integer.MAX_VALUE);
            return null;
        }
        int value = node.intValue();
        if (value < 0) {
            errors.add(field, "must be >= 0");
            return null;
        }
        return value;
    }

    private JsonNode metadata(JsonNode node, String field, FieldErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(field, "must be a JSON object");
            return null;
        }
        String problem = metadataProblem(node, field, 1);
        if (problem != null) {
            int colon = problem.indexOf('\u0000');
            errors.add(problem.substring(0, colon), problem.substring(colon + 1));
            return null;
        }
        int size;
        try {
            size = mapper.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            errors.add(field, "cannot be serialised");
            return null;
        }
        if (size > Limits.MAX_METADATA_BYTES) {
            errors.add(field, "must be at most " + Limits.MAX_METADATA_BYTES + " bytes of JSON (got " + size + ")");
            return null;
        }
        return node;
    }

    /**
     * The first value in metadata that cannot be stored as sent, as {@code path NUL reason}: nesting deeper than
     * {@link Limits#MAX_METADATA_DEPTH}, NUL or a lone surrogate in a key or string, a number beyond a double.
     */
    private static String metadataProblem(JsonNode node, String path, int depth) {
        if (node.isContainerNode() && depth > Limits.MAX_METADATA_DEPTH) {
            return path + "\u0000must be nested at most " + Limits.MAX_METADATA_DEPTH + " levels deep";
        }
        if (node.isTextual()) {
            String problem = textProblem(node.textValue());
            return problem == null ? null : path + "\u0000" + problem;
        }
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return path + "\u0000must be a number within the range of a double (got one that overflows to infinity)";
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String keyProblem = textProblem(e.getKey());
                if (keyProblem != null) {
                    return path + "\u0000keys " + keyProblem;
                }
                String found = metadataProblem(e.getValue(), path + "." + e.getKey(), depth + 1);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = metadataProblem(node.get(i), path + "[" + i + "]", depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Why a string cannot be stored exactly as sent, or null: PostgreSQL text and jsonb cannot hold NUL, and a lone
     * UTF-16 surrogate (JSON allows {@code "\\ud800"}) has no UTF-8 form, so it would be written as '?'.
     */
    public static String textProblem(String s) {
        return IngestFields.textProblem(s);
    }
}
