package com.convosensei.dashboard.service;

import com.convosensei.analysis.pii.PiiScanner;
import com.convosensei.contracts.conversation.MessageView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * What the dashboard shows of stored text by default: personal data intake did not redact (emails, phones,
 * addresses... — cards, IBANs and national ids are tokens already) masked by the analysis library's scanner
 * ({@code j***@example.com}, {@code +44 **** ***123}). Admins can ask for the clear transcript ({@code reveal=true}),
 * which is audited.
 */
public final class TranscriptMasking {

    private TranscriptMasking() {
    }

    public static MessageView mask(MessageView m) {
        String content = m.content() == null ? null : PiiScanner.mask(m.content());
        JsonNode metadata = mask(m.metadata());
        if (content == m.content() && metadata == m.metadata()) {
            return m;
        }
        return new MessageView(m.id(), m.externalId(), m.role(), content, m.timestamp(), metadata, m.latencyMs(),
                m.tokens(), m.sentimentScore());
    }

    public static String mask(String text) {
        return text == null ? null : PiiScanner.mask(text);
    }

    /** Metadata string values masked (a copy when any changed). */
    static JsonNode mask(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            String out = PiiScanner.mask(node.textValue());
            return out.equals(node.textValue()) ? node : TextNode.valueOf(out);
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = mask(e.getValue());
                if (v != e.getValue()) {
                    copy = copy == null ? ((ObjectNode) node).deepCopy() : copy;
                    copy.set(e.getKey(), v);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode v = mask(node.get(i));
                if (v != node.get(i)) {
                    copy = copy == null ? ((ArrayNode) node).deepCopy() : copy;
                    copy.set(i, v);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }
}
