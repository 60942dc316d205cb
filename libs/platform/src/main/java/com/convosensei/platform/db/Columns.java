package com.convosensei.platform.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.logging.Log;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** Column readers every service's repositories share (timestamps as Instant, text[] as List, jsonb read as text). */
public final class Columns {

    private Columns() {
    }

    public static Instant instant(Row row, String column) {
        OffsetDateTime t = row.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    public static List<String> strings(Row row, String column) {
        String[] values = row.getArrayOfStrings(column);
        return values == null ? List.of() : List.of(values);
    }

    /** Parses a jsonb column selected as {@code ::text}; stored JSON that cannot be read becomes {} and a warning. */
    public static JsonNode json(ObjectMapper mapper, Row row, String column) {
        String text = row.getString(column);
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            Log.warnf("unreadable JSON in column %s: %s", column, e.getOriginalMessage());
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
