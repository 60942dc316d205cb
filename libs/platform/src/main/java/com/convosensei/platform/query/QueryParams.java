package com.convosensei.platform.query;

import com.convosensei.platform.error.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Parsing of filter values that arrive as text (query parameters in dashboard-api, a JSON filter in admin-api), so a
 * malformed value is a 400 naming the field the same way in both services.
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static UUID uuid(String name, String value) {
        if (blank(value)) {
            throw ApiException.badRequest(name, "is required");
        }
        try {
            UUID id = UUID.fromString(value.trim());
            // UUID.fromString accepts shortened groups ("1-1-1-1-1"); only the canonical form is a real id
            if (!id.toString().equalsIgnoreCase(value.trim())) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name, "must be a UUID");
        }
    }

    public static UUID optionalUuid(String name, String value) {
        return blank(value) ? null : uuid(name, value);
    }

    /** One value or a comma-separated list, each one of the enum's wire values; null when absent. */
    public static <E extends Enum<E>> List<String> wireList(String name, String value,
                                                           Function<String, Optional<E>> parser, E[] all) {
        if (blank(value)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String v = part.trim().toLowerCase(Locale.ROOT);
            if (parser.apply(v).isEmpty()) {
                throw ApiException.badRequest(name, "must be one of " + String.join(", ",
                        Arrays.stream(all).map(e -> e.name().toLowerCase(Locale.ROOT)).toList())
                        + " (or a comma-separated list of them)");
            }
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Trimmed text of at most {@code maxLength} characters; null when absent. */
    public static String text(String name, String value, int maxLength) {
        if (blank(value)) {
            return null;
        }
        String v = value.trim();
        if (v.length() > maxLength) {
            throw ApiException.badRequest(name, "must be at most " + maxLength + " characters");
        }
        return v;
    }

    public static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
