package com.convosensei.processor.scoring;

import com.convosensei.platform.testing.TestDatabase;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The processor's test database ({@value #NAME}, JDBC helpers in {@link #DB}), its seeders, and a small poll-until
 * helper for what the stream consumers do asynchronously.
 */
public final class TestDb {

    public static final String NAME = "sensei_test_processor";

    /** The helpers' database (the benchmark switches it to its own). */
    public static final TestDatabase DB = new TestDatabase(NAME);

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

    /** Empties every table this package's tests touch and puts app_settings back to its defaults. */
    public static void reset() {
        DB.exec("truncate conversations, pattern_runs, usage_patterns, alerts, conversation_judgments cascade");
        DB.exec("""
                update app_settings set slack_webhook_url = null,
                    alert_thresholds = '{"min_severity": "high", "health_below": 40, "cooldown_minutes": 10, "digest_after_per_minute": 5}'::jsonb""");
    }

    /**
     * Inserts a conversation and its messages (one minute apart, ending {@code lastActivity}); returns its id.
     */
    public static UUID conversation(String externalId, boolean ended, Instant lastActivity, List<Msg> messages) {
        UUID id = UUID.randomUUID();
        Instant first = lastActivity.minusSeconds(60L * Math.max(0, messages.size() - 1));
        DB.exec("""
                insert into conversations (id, external_id, environment, message_count, first_message_at, last_message_at,
                                           last_activity_at, ended, ended_at, ended_reason)
                values (?, ?, 'test', ?, ?, ?, ?, ?, ?, ?)""",
                id, externalId, messages.size(), ts(first), ts(lastActivity), ts(lastActivity), ended,
                ended ? ts(lastActivity) : null, ended ? "client" : null);
        for (int i = 0; i < messages.size(); i++) {
            Msg m = messages.get(i);
            DB.exec("""
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
}
