package com.convosensei.processor.scoring;

import com.convosensei.analysis.ConversationAnalyzer;
import com.convosensei.analysis.model.Message;

/**
 * What {@code messages.sentiment_score} holds: the analyzer's sentiment of a message people or the agent said, in
 * [-1, 1]; null for system and tool messages, which carry none. Ingest writes it with the message (it depends on the
 * message alone), so a scoring that agrees leaves the row alone: one write per message instead of an insert and an
 * update, the update touching every index of the table when the page had no room for a HOT copy.
 */
public final class StoredSentiment {

    private StoredSentiment() {
    }

    /** The stored value for an analyzed sentiment of a message with this role. */
    public static Double of(String role, Double analyzed) {
        if (!spoken(role) || analyzed == null || analyzed.isNaN()) {
            return null;
        }
        return Math.max(-1, Math.min(1, analyzed));
    }

    private static boolean spoken(String role) {
        return Message.USER.equals(role) || Message.ASSISTANT.equals(role);
    }

    /** The stored value for a message not analyzed yet: analyzes it on its own (the learned layer caches it). */
    public static Double analyze(String role, String content) {
        if (!spoken(role)) {
            return null; // stored as null anyway: not worth an analysis
        }
        return of(role, ConversationAnalyzer.messageSentiment(new Message(null, 0, role, content, null, null, null)));
    }
}
