package com.convosensei.platform.query;

import com.convosensei.platform.error.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One {@code tag=key:value} filter: the conversation's top-level metadata {@code key} holds {@code value} (numbers
 * and booleans compare as their JSON text, so {@code tag=version:3} matches {@code {"version": 3}}). Shared by the
 * dashboard's reads and admin-api's bulk actions so a scoped page acts on what it shows.
 */
public record MetadataTag(String key, String value) {

    /** At most this many {@code tag} filters in one request. */
    public static final int MAX_TAGS = 5;
    public static final int MAX_KEY_LENGTH = 100;
    public static final int MAX_VALUE_LENGTH = 200;

    /**
     * Repeatable {@code key:value} filters (split at the first colon, so values may hold colons); null when absent.
     * Duplicates collapse; a key asked twice with different values matches nothing, as it should. A bad one is a
     * 400 naming {@code field}.
     */
    public static List<MetadataTag> parse(String field, List<String> values) {
        if (values == null || values.stream().allMatch(v -> v == null || v.isBlank())) {
            return null;
        }
        List<MetadataTag> out = new ArrayList<>();
        for (String raw : values) {
            if (raw == null || raw.isBlank()) {
                continue;
            }
            int colon = raw.indexOf(':');
            if (colon < 0) {
                throw ApiException.badRequest(field, "must be key:value (for example model:gpt-4o)");
            }
            String key = raw.substring(0, colon).trim();
            String value = raw.substring(colon + 1).trim();
            if (key.isEmpty() || value.isEmpty()) {
                throw ApiException.badRequest(field, "needs both a key and a value (key:value)");
            }
            if (key.length() > MAX_KEY_LENGTH || value.length() > MAX_VALUE_LENGTH) {
                throw ApiException.badRequest(field, "key must be at most " + MAX_KEY_LENGTH
                        + " characters and value at most " + MAX_VALUE_LENGTH);
            }
            MetadataTag tag = new MetadataTag(key, value);
            if (!out.contains(tag)) {
                out.add(tag);
            }
        }
        if (out.size() > MAX_TAGS) {
            throw ApiException.badRequest(field, "at most " + MAX_TAGS + " tags at once");
        }
        return out;
    }

    /**
     * The conditions on conversation alias {@code c} for an environment and tags (all must hold); null when there are
     * none; {@code bind} adds a parameter and returns its placeholder. {@code ->>} rather than {@code @>} because a
     * value typed into a URL cannot say whether it was a number.
     */
    public static String condition(Function<Object, String> bind, String c, String environment,
                                   List<MetadataTag> tags) {
        StringBuilder out = new StringBuilder();
        if (environment != null) {
            out.append(c).append(".environment = ").append(bind.apply(environment));
        }
        if (tags != null) {
            for (MetadataTag tag : tags) {
                if (!out.isEmpty()) {
                    out.append(" and ");
                }
                out.append(c).append(".metadata ->> ").append(bind.apply(tag.key())).append("::text = ")
                        .append(bind.apply(tag.value())).append("::text");
            }
        }
        return out.isEmpty() ? null : out.toString();
    }
}
