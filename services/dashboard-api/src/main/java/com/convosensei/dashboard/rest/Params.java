package com.convosensei.dashboard.rest;

import com.convosensei.contracts.Limits;
import com.convosensei.platform.query.MetadataTag;
import com.convosensei.platform.error.ApiException;
import com.convosensei.platform.query.QueryParams;
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
        return QueryParams.uuid(name, value);
    }

    static UUID optionalUuid(String name, String value) {
        return QueryParams.optionalUuid(name, value);
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
        return QueryParams.text(name, value, maxLength);
    }

    /** One value or a comma-separated list, each one of the enum's wire values; null when absent. */
    static <E extends Enum<E>> List<String> wireList(String name, String value, Function<String, Optional<E>> parser,
                                                    E[] all) {
        return QueryParams.wireList(name, value, parser, all);
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

    /** Repeatable {@code tag=key:value} metadata filters; null when absent. */
    static List<MetadataTag> tags(List<String> values) {
        return MetadataTag.parse("tag", values);
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
