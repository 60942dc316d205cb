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
     * Throws a 400 when {@code node} nests deeper than {@code maxDepth} (an object or array holding only scalars is
     * depth 1), or holds a string or key that {@link #textProblem} refuses, or a number beyond a double's range.
     * The detail names the offending place, below {@code field} ("config.filters[2]"); an empty {@code field}
     * means the node is the whole body, so its top-level keys are the field names.
     */
    public static void check(String field, JsonNode node, int maxDepth) {
        if (node == null) {
            return;
        }
        // iterative walk: a hostile document must not be able to overflow the stack here
        Deque<Place> todo = new ArrayDeque<>();
        todo.push(new Place(node, field, 0));
        while (!todo.isEmpty()) {
            Place p = todo.pop();
            JsonNode n = p.node;
            if (n.isContainerNode()) {
                if (p.depth + 1 > maxDepth) {
                    throw ApiException.badRequest(name(field, p.path), "must not nest deeper than " + maxDepth + " levels");
                }
                if (n.isObject()) {
                    Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
                    while (fields.hasNext()) {
                        Map.Entry<String, JsonNode> e = fields.next();
                        String problem = textProblem(e.getKey());
                        if (problem != null) {
                            throw ApiException.badRequest(name(field, p.path), "keys " + problem);
                        }
                        String key = e.getKey().length() > 64 ? e.getKey().substring(0, 64) + "..." : e.getKey();
                        todo.push(new Place(e.getValue(), p.path.isEmpty() ? key : p.path + "." + key, p.depth + 1));
                    }
                } else {
                    for (int i = 0; i < n.size(); i++) {
                        todo.push(new Place(n.get(i), p.path + "[" + i + "]", p.depth + 1));
                    }
                }
            } else if (n.isTextual()) {
                String problem = textProblem(n.textValue());
                if (problem != null) {
                    throw ApiException.badRequest(name(field, p.path), problem);
                }
            } else if (n.isNumber() && !Double.isFinite(n.doubleValue())) {
                throw ApiException.badRequest(name(field, p.path), "is outside the range of a double");
            }
        }
    }

    private static String name(String field, String path) {
        return path.isEmpty() ? (field.isEmpty() ? "body" : field) : path;
    }

    private record Place(JsonNode node, String path, int depth) {
    }
}
