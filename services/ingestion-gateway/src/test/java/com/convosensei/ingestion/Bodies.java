package com.convosensei.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/** Request bodies for the ingestion tests: a valid conversation to start from, then mutate one thing. */
public final class Bodies {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Bodies() {
    }

    /** A valid conversation with four messages and a unique id. */
    public static ObjectNode conversation() {
        return conversation("conv-" + UUID.randomUUID());
    }

    public static ObjectNode conversation(String conversationId) {
        ObjectNode body = F.objectNode();
        body.put("conversation_id", conversationId);
        body.put("user_id", "user-1");
        body.putObject("metadata").put("plan", "pro");
        ArrayNode messages = body.putArray("messages");
        messages.add(message("user", "Where is my order?", "2025-03-01T10:00:00Z"));
        messages.add(message("assistant", "Let me check.", "2025-03-01T10:00:02.5+01:00").put("latency_ms", 850).put("tokens", 12));
        messages.add(message("user", "Thanks", "2025-03-01T10:00:10Z"));
        messages.add(message("assistant", "It arrives tomorrow.", "2025-03-01T10:00:12Z"));
        return body;
    }

    public static ObjectNode message(String role, String content, String timestamp) {
        ObjectNode m = F.objectNode();
        m.put("role", role);
        m.put("content", content);
        m.put("timestamp", timestamp);
        return m;
    }

    public static ObjectNode messageAt(int i, ObjectNode body) {
        return (ObjectNode) body.get("messages").get(i);
    }

    public static String futureTimestamp(long secondsAhead) {
        return Instant.now().plusSeconds(secondsAhead).toString();
    }

    public static String json(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
