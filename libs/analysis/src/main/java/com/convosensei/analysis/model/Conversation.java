package com.convosensei.analysis.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A conversation to analyze: its messages in order, whether the client marked it ended, when anything last
 * happened (for the inactivity rule of abandonment), and the explicit feedback users gave on it or its messages
 * (oldest first).
 */
public record Conversation(String id, boolean ended, Instant lastActivityAt, List<Message> messages,
                           Map<String, Object> metadata, List<Feedback> feedback) {

    public Conversation {
        messages = messages == null ? List.of() : List.copyOf(messages);
        feedback = feedback == null ? List.of() : List.copyOf(feedback);
        metadata = metadata == null || metadata.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** Without explicit feedback. */
    public Conversation(String id, boolean ended, Instant lastActivityAt, List<Message> messages,
                        Map<String, Object> metadata) {
        this(id, ended, lastActivityAt, messages, metadata, List.of());
    }

    public static Conversation of(String id, boolean ended, List<Message> messages) {
        return new Conversation(id, ended, null, messages, Map.of());
    }
}
