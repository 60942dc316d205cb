package com.convosensei.analysis;

/**
 * Sentiment over the conversation's user messages (falls back to all messages when the user said nothing scored).
 * {@code trend} is the least-squares slope of sentiment per user turn, scaled to the conversation
 * (slope x (turns - 1), clamped to [-2, 2]): positive means the user got happier. All zero for an empty conversation.
 */
public record SentimentStats(double avg, double min, double last, double trend) {
    public static final SentimentStats EMPTY = new SentimentStats(0, 0, 0, 0);
}
