package com.convosensei.platform.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Rewrites the string values of a JSON tree (redaction at intake, masking for display); keys stay as sent. */
public final class JsonStrings {

    private JsonStrings() {
    }

    /**
     * A copy with {@code rewrite} applied to every string value when any changed; the very same node when none did,
     * so callers can tell "nothing to rewrite" by identity and skip copying.
     */
    public static JsonNode mapStrings(JsonNode node, UnaryOperator<String> rewrite) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            String text = node.textValue();
            String out = rewrite.apply(text);
            return out.equals(text) ? node : TextNode.valueOf(out);
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode value = mapStrings(e.getValue(), rewrite);
                if (value != e.getValue()) {
                    copy = copy == null ? ((ObjectNode) node).deepCopy() : copy;
                    copy.set(e.getKey(), value);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = mapStrings(node.get(i), rewrite);
                if (value != node.get(i)) {
                    copy = copy == null ? ((ArrayNode) node).deepCopy() : copy;
                    copy.set(i, value);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }
}
