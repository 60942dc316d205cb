package com.convosensei.platform.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plain JDBC against one service's test database ({@link PostgresTestResource}), for seeding and for asserting what
 * was stored. Each service's {@code TestDb} holds one of these under its database name (and its own seeders).
 * Parameters: {@link Instant} binds as a timestamp, {@code String[]} as a text array, anything else as is; array
 * columns read back as {@link List}.
 */
public final class TestDatabase {

    private volatile String database;

    public TestDatabase(String database) {
        this.database = database;
    }

    public String name() {
        return database;
    }

    /** Points the helpers at another database (a benchmark with its own); tests keep the one they were built with. */
    public void switchTo(String other) {
        database = other;
    }

    public Connection connect() throws SQLException {
        return PostgresTestResource.connect(database);
    }

    /** Runs one statement; the number of rows it changed (-1 when it returned rows). */
    public int exec(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, params)) {
            ps.execute();
            return ps.getUpdateCount();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            List<Map<String, Object>> out = new ArrayList<>();
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof java.sql.Array a) {
                        v = List.of((Object[]) a.getArray());
                    }
                    row.put(md.getColumnLabel(i), v);
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single row the query returns; anything else fails the test. */
    public Map<String, Object> one(String sql, Object... params) {
        List<Map<String, Object>> rows = rows(sql, params);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row, got " + rows.size() + " for " + sql);
        }
        return rows.get(0);
    }

    /** The first column of the single row. */
    public Object value(String sql, Object... params) {
        return one(sql, params).values().iterator().next();
    }

    /** {@link #value} of a count (or any number) as a long. */
    public long count(String sql, Object... params) {
        return ((Number) value(sql, params)).longValue();
    }

    /** The first column of every row, as text. */
    public List<String> column(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row as a UUID (e.g. {@code insert ... returning id}). */
    public UUID uuid(String sql, Object... params) {
        return UUID.fromString(column(sql, params).get(0));
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant t) {
                ps.setTimestamp(i + 1, Timestamp.from(t));
            } else if (p instanceof String[] a) {
                ps.setArray(i + 1, c.createArrayOf("text", a));
            } else {
                ps.setObject(i + 1, p);
            }
        }
        return ps;
    }
}
