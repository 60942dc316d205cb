package com.convosensei.processor.ingest;

import com.convosensei.contracts.Limits;
import com.convosensei.contracts.ingest.TrackMessage;
import com.convosensei.contracts.ingest.TrackRequest;
import com.convosensei.contracts.stream.IngestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything a batch says about one conversation ({@code external_id} + {@code environment}), merged in stream order:
 * metadata objects merged (later keys win, as {@code ||} does in SQL), last non-null user id and key id, ended if any
 * event said so, messages de-duplicated by {@link DedupKeys}.
 */
final class ConversationWrite {

    record Message(TrackMessage message, String dedupKey, Instant receivedAt) {
    }

    final String externalId;
    final String environment;
    String userId;
    UUID apiKeyId;
    final ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    boolean ended;
    Instant endedAt;
    Instant lastActivityAt;
    Instant firstMessageAt;
    Instant lastMessageAt;
    final Map<String, Message> messages = new LinkedHashMap<>();

    private ConversationWrite(String externalId, String environment) {
        this.externalId = externalId;
        this.environment = environment;
    }

    String key() {
        return ConversationLockOrder.key(environment, externalId);
    }

    /** Groups events by conversation, in order of first appearance; deterministic order for lock ordering. */
    static List<ConversationWrite> group(Collection<IngestEvent> events) {
        Map<String, ConversationWrite> byKey = new LinkedHashMap<>();
        for (IngestEvent event : events) {
            TrackRequest r = event.conversation();
            String environment = r.environment() == null ? Limits.DEFAULT_ENVIRONMENT : r.environment();
            ConversationWrite w = byKey.computeIfAbsent(ConversationLockOrder.key(environment, r.conversationId()),
                    k -> new ConversationWrite(r.conversationId(), environment));
            w.add(event);
        }
        List<ConversationWrite> out = new ArrayList<>(byKey.values());
        // same order in every transaction (ConversationLockOrder): concurrent batches lock rows without deadlocking
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return out;
    }

    private void add(IngestEvent event) {
        TrackRequest r = event.conversation();
        Instant received = event.receivedAt() == null ? Instant.now() : event.receivedAt();
        if (r.userId() != null) {
            userId = r.userId();
        }
        if (event.apiKeyId() != null) {
            apiKeyId = event.apiKeyId();
        }
        JsonNode meta = r.metadata();
        if (meta != null && meta.isObject()) {
            metadata.setAll((ObjectNode) meta);
        }
        lastActivityAt = max(lastActivityAt, received);
        Instant eventLast = null;
        for (TrackMessage m : r.messages()) {
            String key = DedupKeys.of(m);
            messages.putIfAbsent(key, new Message(m, key, received));
            firstMessageAt = min(firstMessageAt, m.timestamp());
            lastMessageAt = max(lastMessageAt, m.timestamp());
            eventLast = max(eventLast, m.timestamp());
        }
        if (Boolean.TRUE.equals(r.ended()) && !ended) {
            ended = true;
            // when the client said so: its last message, or when the request arrived if it carried none
            endedAt = eventLast != null ? eventLast : received;
        }
    }

    /**
     * Removes the messages received at or before {@code erased} (an erasure happened after them) and recomputes the
     * message times from what is left. The conversation's own fields come from its later events and stay.
     */
    void dropReceivedUpTo(Instant erased) {
        messages.values().removeIf(m -> !m.receivedAt().isAfter(erased));
        firstMessageAt = null;
        lastMessageAt = null;
        for (Message m : messages.values()) {
            firstMessageAt = min(firstMessageAt, m.message().timestamp());
            lastMessageAt = max(lastMessageAt, m.message().timestamp());
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : (a.isBefore(b) ? a : b);
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : (a.isAfter(b) ? a : b);
    }
}
