package com.convosensei.analysis.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message as the analyzer sees it.
 *
 * @param id        what evidence points at: the client's message id if it sent one, else Sensei's id as text
 * @param index     the message's position in the conversation (0-based); explanations number messages from 1
 * @param role      user | assistant | system | tool
 * @param content   the text; null is treated as empty
 * @param timestamp when it was sent; may be null
 * @param latencyMs how long the assistant took to produce it (assistant messages); may be null
 * @param metadata  free-form client metadata (feedback, error flags...); never null after construction
 */
public record Message(String id, int index, String role, String content, Instant timestamp, Integer latencyMs,
                      Map<String, Object> metadata) {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    public static final String SYSTEM = "system";
    public static final String TOOL = "tool";

    public Message {
        role = role == null ? "" : role;
        content = content == null ? "" : content;
        // Map.copyOf rejects null values, which JSON metadata may carry.
        metadata = metadata == null || metadata.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public static Message user(String id, int index, String content) {
        return new Message(id, index, USER, content, null, null, null);
    }

    public static Message assistant(String id, int index, String content) {
        return new Message(id, index, ASSISTANT, content, null, null, null);
    }

    public boolean isUser() {
        return USER.equals(role);
    }

    public boolean isAssistant() {
        return ASSISTANT.equals(role);
    }

    public boolean isTool() {
        return TOOL.equals(role);
    }
}
