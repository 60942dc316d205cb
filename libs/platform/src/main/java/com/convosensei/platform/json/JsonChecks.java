package com.convosensei.platform.json;

import com.convosensei.platform.error.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks for free-form JSON (a {@code JsonNode} field such as a saved view's config) before it is stored: nesting
 * depth and size bounded (a value that cannot be written back as JSON breaks every later read of it), every string
 * and key storable as written, every number finite.
 */
public final class JsonChecks {

    private JsonChecks() {
    }

    /** Why {@code s} cannot be stored as written (U+0000, lone surrogate), or null when it can. */
    public static String textProblem(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "must not contain U+0000";
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain a lone UTF-16 surrogate (invalid Unicode)";
            }
        }
        return null;
    }

    /**
     * Throws a 400 naming {@code field} when {@code node} nests deeper than {@code maxDepth} (an object or array
     * holding scalars is depth 1), or holds a string/key that {@link #textProblem} refuses, or a non-finite number.
     */
    public static void check(String field, JsonNode node, int maxDepth) {
        if (node == null) {
            return;
        }
        // iterative walk: a hostile document must not be able to overflow the stack here
        Deque<Map.Entry<JsonNode, Integer>> todo = new ArrayDeque<>();
        todo.push(Map.entry(node, 0));
        while (!todo.isEmpty()) {
            Map.Entry<JsonNode, Integer> next = todo.pop();
            JsonNode n = next.getKey();
            int depth = next.getValue();
            if (n.isContainerNode()) {
                if (depth + 1 > maxDepth) {
                    throw ApiException.badRequest(field, "must not nest deeper than " + maxDepth + " levels");
                }
                if (n.isObject()) {
                    Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
                    while (fields.hasNext()) {
                        Map.Entry<String, JsonNode> e = fields.next();
                        String problem = textProblem(e.getKey());
                        if (problem != null) {
                            throw ApiException.badRequest(field, "keys " + problem);
                        }
                        todo.push(Map.entry(e.getValue(), depth + 1));
                    }
                } else {
                    n.forEach(child -> todo.push(Map.entry(child, depth + 1)));
                }
            } else if (n.isTextual()) {
                String problem = textProblem(n.textValue());
                if (problem != null) {
                    throw ApiException.badRequest(field, "strings " + problem);
                }
            } else if (n.isNumber() && (n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
                throw ApiException.badRequest(field, "numbers must be finite (got " + n.asText() + ")");
            } else if (n.isBigDecimal() && !Double.isFinite(n.doubleValue())) {
                throw ApiException.badRequest(field, "numbers must be within the range of a double");
            }
        }
    }
}
