package com.convosensei.contracts.ingest;

import static com.convosensei.contracts.ingest.IngestFields.conversationId;
import static com.convosensei.contracts.ingest.IngestFields.environment;
import static com.convosensei.contracts.ingest.IngestFields.optionalText;
import static com.convosensei.contracts.ingest.IngestFields.textProblem;
import static com.convosensei.contracts.ingest.IngestFields.timestamp;

import com.convosensei.contracts.Limits;
import com.convosensei.contracts.error.ErrorDetail;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Checks one feedback item (a JSON tree) the way {@link TrackValidator} checks a conversation — same rules and
 * reasons for the shared fields ({@link IngestFields}), every problem named by its path, unknown fields ignored —
 * and returns the normalised {@link FeedbackRequest} that goes into {@code sensei:feedback}.
 *
 * <p>Feedback rules: {@code kind} is {@value FeedbackRequest#KIND_THUMBS} ({@code value} -1 or 1) or
 * {@value FeedbackRequest#KIND_RATING} ({@code value} a whole number 1..5); a fraction, a zero thumb or a 6-star
 * rating is refused, not rounded. {@code comment} is free text (line breaks allowed) of at most
 * {@value FeedbackRequest#MAX_COMMENT_LENGTH} characters. {@code timestamp} (when the user gave it) is optional and
 * defaults to the moment of intake, so a redelivered event keeps the time it was first received.
 */
public class FeedbackValidator {

    private final Clock clock;

    public FeedbackValidator() {
        this(Clock.systemUTC());
    }

    public FeedbackValidator(Clock clock) {
        this.clock = clock;
    }

    /** Outcome: {@code request} when {@code errors} is empty. */
    public record Result(FeedbackRequest request, List<ErrorDetail> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * @param body the feedback object
     * @param path prefix for field names ("" for a single request, {@code feedback[2].} for a batch item)
     */
    public Result validate(JsonNode body, String path) {
        FieldErrors errors = new FieldErrors(path);
        if (body == null || !body.isObject()) {
            errors.add("", "must be a JSON object");
            return new Result(null, errors.list);
        }
        Instant now = clock.instant();
        String conversationId = conversationId(body.get("conversation_id"), errors);
        String environment = environment(body.get("environment"), errors);
        String messageId = optionalText(body.get("message_id"), "message_id", Limits.MAX_MESSAGE_ID_LENGTH, errors);
        String userId = optionalText(body.get("user_id"), "user_id", Limits.MAX_USER_ID_LENGTH, errors);
        String kind = kind(body.get("kind"), errors);
        Integer value = kind == null ? null : value(body.get("value"), kind, errors);
        String comment = comment(body.get("comment"), errors);
        JsonNode timestampNode = body.get("timestamp");
        Instant givenAt = timestampNode == null || timestampNode.isNull() ? now.truncatedTo(ChronoUnit.MICROS)
                : timestamp(timestampNode, "timestamp", now.plusSeconds(Limits.MAX_FUTURE_SKEW_SECONDS), errors);
        if (!errors.list.isEmpty()) {
            return new Result(null, errors.list);
        }
        return new Result(new FeedbackRequest(conversationId, environment, messageId, userId, kind, value, comment,
                givenAt), List.of());
    }

    private static String kind(JsonNode node, FieldErrors errors) {
        if (node == null || node.isNull()) {
            errors.add("kind", "is required (thumbs or rating)");
            return null;
        }
        if (node.isTextual() && (node.textValue().equals(FeedbackRequest.KIND_THUMBS)
                || node.textValue().equals(FeedbackRequest.KIND_RATING))) {
            return node.textValue();
        }
        errors.add("kind", "must be thumbs or rating");
        return null;
    }

    private static Integer value(JsonNode node, String kind, FieldErrors errors) {
        boolean thumbs = kind.equals(FeedbackRequest.KIND_THUMBS);
        String rule = thumbs ? "must be -1 (thumbs down) or 1 (thumbs up) for kind thumbs"
                : "must be a whole number from 1 to 5 for kind rating";
        if (node == null || node.isNull()) {
            errors.add("value", "is required: " + rule.substring("must be ".length()));
            return null;
        }
        if (!node.isNumber()) {
            errors.add("value", rule + " (got " + (node.isTextual() ? "a string" : node.isArray() ? "an array"
                    : node.isObject() ? "an object" : node.asText()) + ")");
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            errors.add("value", rule + " (got " + node.asText() + ")");
            return null;
        }
        int v = node.intValue();
        boolean ok = thumbs ? v == -1 || v == 1 : v >= 1 && v <= 5;
        if (!ok) {
            errors.add("value", rule + " (got " + v + ")");
            return null;
        }
        return v;
    }

    private static String comment(JsonNode node, FieldErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add("comment", "must be a string");
            return null;
        }
        String value = node.textValue();
        int length = value.codePointCount(0, value.length());
        if (length > FeedbackRequest.MAX_COMMENT_LENGTH) {
            errors.add("comment", "must be at most " + FeedbackRequest.MAX_COMMENT_LENGTH + " characters (got "
                    + length + ")");
            return null;
        }
        if (textProblem(value) != null) {
            errors.add("comment", textProblem(value));
            return null;
        }
        return value;
    }
}
