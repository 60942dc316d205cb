package com.convosensei.dashboard.rest;

import com.convosensei.contracts.Limits;
import com.convosensei.dashboard.repository.MetadataTag;
import com.convosensei.platform.error.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Query and path parameters arrive as Strings and are parsed here, so a malformed value is a 400 naming the
 * parameter (JAX-RS would turn a bad number into a 404 and a bad UUID into a 500-ish error).
 */
final class Params {

    static final String LIMIT = "limit";

    private Params() {
    }

    static UUID uuid(String name, String value) {
        if (value == null || value.isBlank()) {
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

    static UUID optionalUuid(String name, String value) {
        return blank(value) ? null : uuid(name, value);
    }

    static int limit(String value) {
        if (blank(value)) {
            return Limits.DEFAULT_PAGE_SIZE;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(LIMIT, "must be a whole number");
        }
        if (n < 1 || n > Limits.MAX_PAGE_SIZE) {
            throw ApiException.badRequest(LIMIT, "must be between 1 and " + Limits.MAX_PAGE_SIZE);
        }
        return n;
    }

    static Double number(String name, String value, double min, double max) {
        if (blank(value)) {
            return null;
        }
        double d;
        try {
            d = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "must be a number");
        }
        if (Double.isNaN(d) || d < min || d > max) {
            throw ApiException.badRequest(name, "must be between " + fmt(min) + " and " + fmt(max));
        }
        return d;
    }

    static Boolean bool(String name, String value) {
        if (blank(value)) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(name, "must be true or false");
        };
    }

    static String text(String name, String value, int maxLength) {
        if (blank(value)) {
            return null;
        }
        String v = value.trim();
        if (v.length() > maxLength) {
            throw ApiException.badRequest(name, "must be at most " + maxLength + " characters");
        }
        return v;
    }

    /** One value or a comma-separated list, each one of the enum's wire values; null when absent. */
    static <E extends Enum<E>> List<String> wireList(String name, String value, Function<String, Optional<E>> parser,
                                                    E[] all) {
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

    /** One of {@code allowed}, or {@code fallback} when absent. */
    static String choice(String name, String value, String fallback, String... allowed) {
        if (blank(value)) {
            return fallback;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(v)) {
            throw ApiException.badRequest(name, "must be one of " + String.join(", ", allowed));
        }
        return v;
    }

    /** At most this many {@code tag} filters in one request. */
    static final int MAX_TAGS = 5;
    static final int MAX_TAG_KEY_LENGTH = 100;
    static final int MAX_TAG_VALUE_LENGTH = 200;

    /**
     * Repeatable {@code tag=key:value} metadata filters (split at the first colon, so values may hold colons); null
     * when absent. Duplicates collapse; a key asked twice with different values matches nothing, as it should.
     */
    static List<MetadataTag> tags(List<String> values) {
        if (values == null || values.stream().allMatch(Params::blank)) {
            return null;
        }
        List<MetadataTag> out = new ArrayList<>();
        for (String raw : values) {
            if (blank(raw)) {
                continue;
            }
            int colon = raw.indexOf(':');
            if (colon < 0) {
                throw ApiException.badRequest("tag", "must be key:value (for example model:gpt-4o)");
            }
            String key = raw.substring(0, colon).trim();
            String value = raw.substring(colon + 1).trim();
            if (key.isEmpty() || value.isEmpty()) {
                throw ApiException.badRequest("tag", "needs both a key and a value (key:value)");
            }
            if (key.length() > MAX_TAG_KEY_LENGTH || value.length() > MAX_TAG_VALUE_LENGTH) {
                throw ApiException.badRequest("tag", "key must be at most " + MAX_TAG_KEY_LENGTH
                        + " characters and value at most " + MAX_TAG_VALUE_LENGTH);
            }
            MetadataTag tag = new MetadataTag(key, value);
            if (!out.contains(tag)) {
                out.add(tag);
            }
        }
        if (out.size() > MAX_TAGS) {
            throw ApiException.badRequest("tag", "at most " + MAX_TAGS + " tags at once");
        }
        return out;
    }

    static String environment(String value) {
        return text("environment", value, Limits.MAX_ENVIRONMENT_LENGTH);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
