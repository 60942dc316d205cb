package com.convosensei.contracts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How many rows a list filter matches. {@code exact} counts are given up to {@code cap}; past it the answer is
 * {@code at_least} ({@code count} = cap, shown "10,000+") or, when the query planner expects more than the cap or
 * counting took too long, its {@code estimate}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ListCount(
        long count,
        boolean exact,
        @Schema(enumeration = {"exact", "at_least", "estimate"}) String method,
        long cap) {

    public static final String EXACT = "exact";
    public static final String AT_LEAST = "at_least";
    public static final String ESTIMATE = "estimate";
}
