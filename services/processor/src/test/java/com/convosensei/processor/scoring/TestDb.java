package com.convosensei.processor.scoring;

import com.convosensei.platform.testing.PostgresTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Seeding and assertions over the processor's test database ({@value #NAME}) with plain JDBC, plus a small
 * poll-until helper for what the stream consumers do asynchronously.
 */
public final class TestDb {

    public static final String NAME = "sensei_test_processor";

    /** The database the helpers talk to (the benchmark switches to its own). */
    static volatile String database = NAME;

    private TestDb() {
    }

    /** A message to seed: role, content, and (for assistant replies) latency. */
    public record Msg(String role, String content, Integer latencyMs) {
        public static Msg user(String content) {
            return new Msg("user", content, null);
        }

        public static Msg assistant(String content) {
            return new Msg("assistant", content, 800);
        }
    }

    public static Connection connect() throws SQLException {
        return PostgresTestResource.connect(database);
    }

    /** Empties every table this package's tests touch and puts app_settings back to its defaults. */
    public static void reset() {
        exec("truncate conversations, pattern_runs, usage_patterns, alerts, conversation_judgments cascade");
        exec("""
                update app_settings set slack_webhook_url = null,
                    alert_thresholds = '{"min_severity": "high", "health_below": 40, "cooldown_minutes": 10, "digest_after_per_minute": 5}'::jsonb""");
    }

    public static void exec(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        if (v instanceof java.sql.Array a) {
                            v = List.of((Object[]) a.getArray());
                        }
                        row.put(rs.getMetaData().getColumnLabel(i), v);
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> row(String sql, Object... params) {
        List<Map<String, Object>> rows = rows(sql, params);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row, got " + rows.size() + " for " + sql);
        }
        return rows.get(0);
    }

    public static Object value(String sql, Object... params) {
        return row(sql, params).values().iterator().next();
    }

    /**
     * Inserts a conversation and its messages (one minute apart, ending {@code lastActivity}); returns its id.
     */
    public static UUID conversation(String externalId, boolean ended, Instant lastActivity, List<Msg> messages) {
        UUID id = UUID.randomUUID();
        Instant first = lastActivity.minusSeconds(60L * Math.max(0, messages.size() - 1));
        exec("""
                insert into conversations (id, external_id, environment, message_count, first_message_at, last_message_at,
                                           last_activity_at, ended, ended_at, ended_reason)
                values (?, ?, 'test', ?, ?, ?, ?, ?, ?, ?)""",
                id, externalId, messages.size(), ts(first), ts(lastActivity), ts(lastActivity), ended,
                ended ? ts(lastActivity) : null, ended ? "client" : null);
        for (int i = 0; i < messages.size(); i++) {
            Msg m = messages.get(i);
            exec("""
                    insert into messages (conversation_id, external_id, dedup_key, role, content, sent_at, latency_ms)
                    values (?, ?, ?, ?, ?, ?, ?)""",
                    id, "m" + i, "m" + i, m.role(), m.content(), ts(first.plusSeconds(60L * i)), m.latencyMs());
        }
        return id;
    }

    public static UUID conversation(String externalId, List<Msg> messages) {
        return conversation(externalId, false, Instant.now(), messages);
    }

    /** Polls until the condition holds, failing after {@code timeout}. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }
}
