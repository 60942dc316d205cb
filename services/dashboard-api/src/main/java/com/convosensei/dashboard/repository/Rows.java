package com.convosensei.dashboard.repository;

import com.convosensei.platform.db.Columns;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.List;

/** Short names for the shared column readers ({@link Columns}) used throughout this package. */
final class Rows {

    private Rows() {
    }

    static Instant instant(Row row, String column) {
        return Columns.instant(row, column);
    }

    static List<String> strings(Row row, String column) {
        return Columns.strings(row, column);
    }

    static JsonNode json(ObjectMapper mapper, Row row, String column) {
        return Columns.json(mapper, row, column);
    }
}
