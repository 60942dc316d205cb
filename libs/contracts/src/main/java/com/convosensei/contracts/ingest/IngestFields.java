package com.convosensei.contracts.ingest;

import com.convosensei.contracts.Limits;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The field rules every intake validator shares ({@link TrackValidator}, {@link FeedbackValidator}): ids, the
 * environment, optional text, timestamps and what text PostgreSQL cannot hold, each with the same reasons, so a
 * conversation id or a timestamp is refused alike whatever endpoint it came through.
 */
final class IngestFields {

    /** Stop collecting after this many problems: enough to fix a request, bounded for hostile ones. */
    static final int MAX_DETAILS = 50;
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-zA-Z0-9_.-]+");
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

    private IngestFields() {
    }

    static String conversationId(JsonNode node, FieldErrors errors) {
        if (node == null || node.isNull()) {
            errors.add("conversation_id", "is required");
            return null;
        }
        if (!node.isTextual()) {
            errors.add("conversation_id", "must be a string");
            return null;
        }
        String value = node.textValue();
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > Limits.MAX_CONVERSATION_ID_LENGTH) {
            errors.add("conversation_id", "must be 1-" + Limits.MAX_CONVERSATION_ID_LENGTH + " characters (got " + length + ")");
            return null;
        }
        if (textProblem(value) != null) {
            errors.add("conversation_id", textProblem(value));
            return null;
        }
        if (value.isBlank() || !printable(value)) {
            errors.add("conversation_id", "must be printable characters (no control characters, not blank)");
            return null;
        }
        return value;
    }

    static String environment(JsonNode node, FieldErrors errors) {
        if (node == null || node.isNull()) {
            return Limits.DEFAULT_ENVIRONMENT;
        }
        if (!node.isTextual()) {
            errors.add("environment", "must be a string");
            return null;
        }
        String value = node.textValue();
        if (value.isEmpty() || value.length() > Limits.MAX_ENVIRONMENT_LENGTH || !ENVIRONMENT.matcher(value).matches()) {
            errors.add("environment", "must be 1-" + Limits.MAX_ENVIRONMENT_LENGTH
                    + " characters of letters, digits, '_', '.' or '-'");
            return null;
        }
        return value;
    }

    static String optionalText(JsonNode node, String field, int maxLength, FieldErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(field, "must be a string");
            return null;
        }
        String value = node.textValue();
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > maxLength) {
            errors.add(field, "must be 1-" + maxLength + " characters (got " + length + ")");
            return null;
        }
        if (textProblem(value) != null) {
            errors.add(field, textProblem(value));
            return null;
        }
        if (!printable(value)) {
            errors.add(field, "must be printable characters (no control characters)");
            return null;
        }
        return value;
    }

    static Instant timestamp(JsonNode node, String field, Instant latestAllowed, FieldErrors errors) {
        if (node == null || node.isNull()) {
            errors.add(field, "is required");
            return null;
        }
        if (!node.isTextual()) {
            errors.add(field, "must be an ISO-8601 string with a time zone, e.g. 2025-05-01T12:00:00Z");
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(node.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(field, "must be an ISO-8601 timestamp with a time zone, e.g. 2025-05-01T12:00:00Z");
            return null;
        }
        if (instant.isAfter(latestAllowed)) {
            errors.add(field, "must not be more than 24 hours in the future");
            return null;
        }
        if (instant.isBefore(EARLIEST)) {
            errors.add(field, "must not be before 1970-01-01");
            return null;
        }
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Why a string cannot be stored exactly as sent, or null: PostgreSQL text and jsonb cannot hold NUL, and a lone
     * UTF-16 surrogate (JSON allows {@code "\\ud800"}) has no UTF-8 form, so it would be written as '?'.
     */
    public static String textProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                return "must not contain NUL characters (\\u0000 at character " + i + ")";
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode (a lone surrogate \\u" + Integer.toHexString(c) + " at character " + i + ")";
            }
        }
        return null;
    }

    static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** UTF-8 length without encoding (surrogate pairs are 4 bytes; a lone surrogate becomes '?' = 1 byte). */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
