package com.convosensei.dashboard.repository;

import java.util.List;

/**
 * One {@code tag=key:value} filter: the conversation's top-level metadata {@code key} holds {@code value} (numbers
 * and booleans compare as their JSON text, so {@code tag=version:3} matches {@code {"version": 3}}).
 */
public record MetadataTag(String key, String value) {

    /**
     * The conditions on conversation alias {@code c} for an environment and tags (all must hold); null when there are
     * none. {@code ->>} rather than {@code @>} because a value typed into a URL cannot say whether it was a number.
     */
    static String condition(Sql sql, String c, String environment, List<MetadataTag> tags) {
        StringBuilder out = new StringBuilder();
        if (environment != null) {
            out.append(c).append(".environment = ").append(sql.bind(environment));
        }
        if (tags != null) {
            for (MetadataTag tag : tags) {
                if (!out.isEmpty()) {
                    out.append(" and ");
                }
                out.append(c).append(".metadata ->> ").append(sql.bind(tag.key())).append("::text = ")
                        .append(sql.bind(tag.value())).append("::text");
            }
        }
        return out.isEmpty() ? null : out.toString();
    }
}
