package com.convosensei.dashboard.repository;

import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Collects a statement's parameters and hands out their {@code $n} placeholders, so SQL is built without splicing values. */
final class Sql {

    private final List<Object> params = new ArrayList<>();
    private final List<String> conditions = new ArrayList<>();

    /** Adds a parameter and returns its placeholder; the same placeholder may appear several times in the statement. */
    String bind(Object value) {
        params.add(value instanceof Instant i ? i.atOffset(ZoneOffset.UTC) : value);
        return "$" + params.size();
    }

    Sql and(String condition) {
        conditions.add(condition);
        return this;
    }

    /** The conditions added so far joined with {@code and} ("true" when none). */
    String where() {
        return conditions.isEmpty() ? "true" : String.join(" and ", conditions);
    }

    Tuple tuple() {
        return Tuple.from(params);
    }

    /** {@code column = $n} for one value, {@code column = any($n)} for several (one value keeps the btree order). */
    static String oneOf(Sql sql, String column, List<String> values) {
        return values.size() == 1 ? column + " = " + sql.bind(values.get(0))
                : column + " = any(" + sql.bind(values.toArray(new String[0])) + "::text[])";
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
