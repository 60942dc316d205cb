package com.convosensei.analysis.model;

import java.time.Instant;

/**
 * Explicit feedback a user gave through the feedback API (table {@code feedback}): on the whole conversation
 * ({@code messageId} null) or on the message with that client id.
 *
 * @param polarity -1 negative, 0 neutral, 1 positive (thumbs as given; a rating of 1-2 is negative, 3 neutral, 4-5
 *                 positive — the table's generated column)
 * @param kind     {@code thumbs} or {@code rating}
 * @param value    -1/1 for thumbs, 1..5 for a rating
 */
public record Feedback(String messageId, int polarity, String kind, int value, String comment, Instant givenAt) {

    public boolean negative() {
        return polarity < 0;
    }

    public boolean positive() {
        return polarity > 0;
    }

    /** "thumbs down", "rating 2 of 5", as a person reads it. */
    public String describe() {
        return "thumbs".equals(kind) ? (value < 0 ? "thumbs down" : "thumbs up") : "rating " + value + " of 5";
    }
}
