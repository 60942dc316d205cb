package com.convosensei.analysis.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A conversation to analyze: its messages in order, whether the client marked it ended, and when anything last
 * happened (for the inactivity rule of abandonment).
 */
public record Conversation(String id, boolean ended, Instant lastActivityAt, List<Message> messages,
                           Map<String, Object> metadata) {

    public Conversation {
        messages = messages == null ? List.of() : List.copyOf(messages);
        metadata = metadata == null || metadata.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public static Conversation of(String id, boolean ended, List<Message> messages) {
        return new Conversation(id, ended, null, messages, Map.of());
    }
}
