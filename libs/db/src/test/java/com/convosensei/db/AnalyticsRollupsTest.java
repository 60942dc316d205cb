package com.convosensei.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analytics rollups (V19, V22: every grain) against the raw tables, figure by figure, after random writes of every kind the
 * services make: ingest upserts, messages arriving late (sent before the conversation's last activity), re-scoring,
 * failure upserts and triage, feedback before its conversation and replaced ratings, deletion of messages, failures,
 * feedback and whole conversations, truncation, and compaction at random moments. The raw side counts feedback from
 * the feedback table itself, so the conversation's feedback counters are checked too.
 */
class AnalyticsRollupsTest {

    private static final String HOST = System.getenv().getOrDefault("SENSEI_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("SENSEI_TEST_PG_PORT", "5432");
    private static final String[] ENVIRONMENTS = {"production", "staging"};
    private static final String[] TYPES = {"refusal", "user_frustration", "error"};
    private static final String[] SEVERITIES = {"low", "medium", "high", "critical"};
    private static final String[] STATUSES = {"open", "ack", "resolved", "false_positive"};

    /** The grains the rollups keep: each named by its truncation function (created in the test database). */
    private static final String[] GRAINS = {"minute", "hour", "day"};
    private static final String[] CONVERSATION_ROLLUPS = {"conversation_minute_rollups", "conversation_rollups",
        "conversation_daily_rollups"};
    private static final String[] FAILURE_ROLLUPS = {"failure_minute_rollups", "failure_rollups", "failure_daily_rollups"};

    /** Conversations per {@code grain} unit of their last activity and environment, from the raw table. */
    private static String rawConversations(String grain) {
        return """
            select %s(c.last_activity_at), c.environment, count(*), count(c.health_score),
                   coalesce(sum(c.health_score::numeric), 0), count(*) filter (where c.has_failures),
                   count(*) filter (where exists (select 1 from feedback f where f.environment = c.environment
                                                   and f.conversation_external_id = c.external_id)),
                   count(*) filter (where exists (select 1 from feedback f where f.environment = c.environment
                                                   and f.conversation_external_id = c.external_id and f.polarity < 0)),
                   %s
            from conversations c group by 1, 2""".formatted(grain, rawBands());
    }

    /** The same from one grain's rollup table, the (per-minute) deltas folded in. */
    private static String rollupConversations(String grain, String table) {
        return """
            select t, environment, sum(conversations), sum(scored), sum(health_sum), sum(failing), sum(with_feedback),
                   sum(negative_feedback), sum(band_0), sum(band_1), sum(band_2), sum(band_3), sum(band_4), sum(band_5),
                   sum(band_6), sum(band_7), sum(band_8), sum(band_9)
            from (select r.%1$s as t, r.* from %2$s r union all select %1$s(d.minute), d.* from conversation_rollup_deltas d) r
            group by 1, 2""".formatted(grain, table);
    }

    private static String rawFailures(String grain) {
        return """
            select %s(f.detected_at), c.environment, f.type, f.status, f.severity, count(*)
            from failures f join conversations c on c.id = f.conversation_id group by 1, 2, 3, 4, 5""".formatted(grain);
    }

    private static String rollupFailures(String grain, String table) {
        return """
            select t, environment, type, status, severity, sum(failures)
            from (select r.%1$s as t, r.environment, r.type, r.status, r.severity, r.failures from %2$s r
                  union all select %1$s(d.minute), d.environment, d.type, d.status, d.severity, d.failures
                  from failure_rollup_deltas d) r
            group by 1, 2, 3, 4, 5""".formatted(grain, table);
    }

    private static final String RAW_MESSAGES = """
            select hour(m.sent_at), c.environment, count(*) from messages m join conversations c on c.id = m.conversation_id
            group by 1, 2""";
    private static final String ROLLUP_MESSAGES = """
            select hour, environment, sum(messages)
            from (select * from message_rollups
                  union all select hour(minute), environment, messages from message_rollup_deltas) r group by 1, 2""";
    private static final String RAW_MESSAGE_MINUTES = """
            select minute(m.sent_at), c.environment, count(*)
            from messages m join conversations c on c.id = m.conversation_id group by 1, 2""";
    private static final String ROLLUP_MESSAGE_MINUTES = """
            select minute, environment, sum(messages)
            from (select * from message_minute_rollups union all select * from message_rollup_deltas) r group by 1, 2""";

    private String database;
    private Connection db;

    @BeforeEach
    void freshDatabase() throws SQLException {
        database = "sensei_test_rollups_" + Long.toHexString(System.nanoTime());
        try (Connection c = connect("postgres")) {
            c.createStatement().execute("create database " + database);
        }
        Flyway.configure().dataSource(url(database), "postgres", "postgres").locations("classpath:db/migration").load()
                .migrate();
        db = connect(database);
        for (String grain : GRAINS) {
            db.createStatement().execute("""
                    create function %1$s(t timestamptz) returns timestamptz language sql immutable
                    as $$ select date_trunc('%1$s', t at time zone 'UTC') at time zone 'UTC' $$""".formatted(grain));
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        db.close();
        try (Connection c = connect("postgres")) {
            c.createStatement().execute("drop database if exists " + database + " with (force)");
        }
    }

    @Test
    void randomWritesOfEveryKind__leaveEveryRollupFigureEqualToTheRawTables() throws SQLException {
        Random random = new Random(19);
        for (int round = 0; round < 25; round++) {
            int ops = 6 + random.nextInt(10);
            for (int op = 0; op < ops; op++) {
                randomWrite(db, random);
            }
            if (random.nextInt(3) == 0) {
                compact(db);
            }
            assertRollupsEqualRaw();
        }
        assertThat(count("select count(*) from conversations")).as("the random writes left data to compare").isPositive();
        assertThat(count("select count(*) from failures")).isPositive();
        assertThat(count("select count(*) from conversations where feedback_count > 0")).isPositive();
        compact(db);
        assertThat(count("select count(*) from conversation_rollup_deltas")).as("compaction empties the deltas").isZero();
        assertRollupsEqualRaw();
    }

    /** `make seed` loads with the triggers off and then rebuilds: the rebuild must count as the triggers do. */
    @Test
    void rebuild__countsEveryFigureAsTheTriggersDo() throws SQLException {
        Random random = new Random(21);
        for (int op = 0; op < 150; op++) {
            randomWrite(db, random);
        }
        // band edges exactly: a score of 20 is in the 20-30 band, 100 in the top one
        update(db, "update conversations set health_score = (array[0, 10, 20, 89.99, 90, 100])[1 + (abs(hashtext(id::text)) % 6)]"
                + " where health_score is not null");
        assertRollupsEqualRaw();
        String before = rollupSnapshot();
        exec(db, "select sensei_private.rebuild_analytics_rollups()");
        assertThat(count("select count(*) from conversation_rollup_deltas")).as("the rebuild folds what it counted").isZero();
        assertThat(rollupSnapshot()).isEqualTo(before);
        assertRollupsEqualRaw();
    }

    /** Every rollup figure, summed per table and key (deltas folded in), as text to compare two moments. */
    private String rollupSnapshot() throws SQLException {
        compact(db);
        StringBuilder out = new StringBuilder();
        List<String> statements = new ArrayList<>();
        for (int g = 0; g < GRAINS.length; g++) {
            String key = GRAINS[g];
            // trim_scale: 0.00 left by adding and removing scores equals the rebuild's 0
            statements.add("select string_agg((r." + key + ", r.environment, r.conversations, r.scored,"
                    + " trim_scale(r.health_sum), r.failing, r.with_feedback, r.negative_feedback, r.band_0, r.band_1,"
                    + " r.band_2, r.band_3, r.band_4, r.band_5, r.band_6, r.band_7, r.band_8, r.band_9)::text, ';'"
                    + " order by " + key + ", environment) from " + CONVERSATION_ROLLUPS[g] + " r where conversations <> 0");
            statements.add("select string_agg(r::text, ';' order by " + key + ", environment, type, status, severity)"
                    + " from " + FAILURE_ROLLUPS[g] + " r where failures <> 0");
        }
        statements.add("select string_agg(r::text, ';' order by minute, environment) from message_minute_rollups r"
                + " where messages <> 0");
        for (String sql : statements) {
            try (var rs = db.createStatement().executeQuery(sql)) {
                rs.next();
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void concurrentWriters__countExactly() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                runs.add(pool.submit(() -> {
                    Random random = new Random(100 + seed);
                    try (Connection c = connect(database)) {
                        c.setAutoCommit(false);
                        for (int i = 0; i < 60; i++) {
                            try {
                                randomWrite(c, random);
                                if (random.nextInt(10) == 0) {
                                    compact(c);
                                }
                                c.commit();
                            } catch (SQLException e) {
                                // the workload's own collisions (two deletes locking rows in another order, a message
                                // for a conversation deleted meanwhile): the transaction rolls back, as a service's would
                                if (!e.getSQLState().startsWith("40") && !e.getSQLState().equals("23503")) {
                                    throw e;
                                }
                                c.rollback();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // what every scoring does: feedback committed while its conversation's first insert was in flight is seen by
        // neither counter trigger (V19), and the recount repairs it
        exec(db, """
                update conversations c set (feedback_count, negative_feedback_count) =
                    (select f.total, f.negative from sensei_private.feedback_counts(c.environment, c.external_id) f)""");
        assertRollupsEqualRaw();
    }

    @Test
    void oneStatementInsertingTwentyThousandConversations__isCountedWithoutExhaustingTheLockTable() throws SQLException {
        exec(db, "insert into feedback (environment, conversation_external_id, kind, value, given_at) "
                + "values ('production', 'bulk-7', 'thumbs', -1, now())");
        exec(db, "insert into conversations (external_id, last_activity_at) "
                + "select 'bulk-' || g, now() - g * interval '1 minute' from generate_series(1, 20000) g");
        assertThat(count("select negative_feedback_count from conversations where external_id = 'bulk-7'")).isEqualTo(1);
        assertRollupsEqualRaw();
    }

    @Test
    void truncation__emptiesWhatTheTableFed() throws SQLException {
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            randomWrite(db, random);
        }
        exec(db, "truncate feedback");
        assertRollupsEqualRaw();
        exec(db, "truncate conversations cascade");
        for (String table : List.of("conversation_minute_rollups", "conversation_rollups", "conversation_daily_rollups",
                "conversation_rollup_deltas", "message_minute_rollups", "message_rollups", "message_rollup_deltas",
                "failure_minute_rollups", "failure_rollups", "failure_daily_rollups", "failure_rollup_deltas")) {
            assertThat(count("select count(*) from " + table)).as(table).isZero();
        }
    }

    @Test
    void aMessagesHourAndConversationCannotChange() throws SQLException {
        exec(db, "insert into conversations (external_id) values ('c')");
        exec(db, "insert into messages (conversation_id, dedup_key, role, content, sent_at) "
                + "select id, 'k', 'user', 'hi', now() from conversations");
        exec(db, "update messages set sentiment_score = 0.5");
        assertThatThrownBy(() -> exec(db, "update messages set sent_at = sent_at - interval '2 hours'"))
                .hasMessageContaining("cannot change");
    }

    /** One write the services make, on a small key space so writes collide. */
    private static void randomWrite(Connection c, Random random) throws SQLException {
        String env = ENVIRONMENTS[random.nextInt(ENVIRONMENTS.length)];
        String conv = "conv-" + random.nextInt(40);
        String hoursAgo = random.nextInt(72) + " hours " + random.nextInt(60) + " minutes";
        switch (random.nextInt(11)) {
            case 0, 1 -> // ingest: the upsert of a batch, activity only moves forward
                    update(c, """
                            insert into conversations as c (external_id, environment, last_activity_at)
                            values (?, ?, now() - ?::interval)
                            on conflict (external_id, environment) do update
                            set last_activity_at = greatest(c.last_activity_at, excluded.last_activity_at)""",
                            conv, env, hoursAgo);
            case 2 -> // messages, possibly sent long before the last activity (late), re-sends ignored
                    update(c, """
                            insert into messages (conversation_id, dedup_key, role, content, sent_at)
                            select c.id, 'm' || g, 'user', 'hello', now() - (g * 7 || ' hours ' || g * 13 || ' minutes')::interval
                            from conversations c, generate_series(1, ?) g where c.environment = ? and c.external_id = ?
                            on conflict (conversation_id, dedup_key) do nothing""", 1 + random.nextInt(5), env, conv);
            case 3 -> { // re-scoring
                Object health = random.nextInt(5) == 0 ? null : random.nextInt(10001) / 100.0;
                update(c, "update conversations set health_score = ?::float8, has_failures = ? "
                        + "where environment = ? and external_id = ?", health, random.nextBoolean(), env, conv);
            }
            case 4 -> // failure upsert: a new one, or a known one seen again with another severity
                    update(c, """
                            insert into failures (conversation_id, type, severity, confidence, fingerprint, explanation,
                                                  detected_at)
                            select id, ?, ?, 0.8, ?, 'x', now() - ?::interval from conversations
                            where environment = ? and external_id = ?
                            on conflict (conversation_id, type, fingerprint) do update
                            set severity = excluded.severity, last_seen_at = now()""",
                            TYPES[random.nextInt(TYPES.length)], SEVERITIES[random.nextInt(SEVERITIES.length)],
                            "fp" + random.nextInt(2), hoursAgo, env, conv);
            case 5 -> // triage
                    update(c, "update failures set status = ?, status_changed_at = now() where id in "
                            + "(select id from failures order by random() limit ?)",
                            STATUSES[random.nextInt(STATUSES.length)], 1 + random.nextInt(3));
            case 6 -> // feedback, possibly before its conversation exists; a second rating replaces the first
                    update(c, """
                            insert into feedback (environment, conversation_external_id, user_id, kind, value, given_at)
                            values (?, ?, ?, 'thumbs', ?, now())
                            on conflict on constraint feedback_identity_key do update set value = excluded.value""",
                            env, "conv-" + random.nextInt(50), "u" + random.nextInt(2), random.nextBoolean() ? 1 : -1);
            case 7 -> update(c, "delete from feedback where id in (select id from feedback order by random() limit 1)");
            case 8 -> update(c, "delete from messages where id in (select id from messages order by random() limit ?)",
                    1 + random.nextInt(4));
            case 9 -> update(c, "delete from failures where id in (select id from failures order by random() limit 1)");
            default -> // retention / erasure: the conversation and, by cascade, its messages and failures
                    update(c, "delete from conversations where environment = ? and external_id = ?", env, conv);
        }
    }

    private void assertRollupsEqualRaw() throws SQLException {
        for (int g = 0; g < GRAINS.length; g++) {
            assertThat(rows(rollupConversations(GRAINS[g], CONVERSATION_ROLLUPS[g]), 2)).as("conversations per " + GRAINS[g])
                    .isEqualTo(rows(rawConversations(GRAINS[g]), 2));
            assertThat(rows(rollupFailures(GRAINS[g], FAILURE_ROLLUPS[g]), 5)).as("failures per " + GRAINS[g])
                    .isEqualTo(rows(rawFailures(GRAINS[g]), 5));
        }
        assertThat(rows(ROLLUP_MESSAGES, 2)).as("messages").isEqualTo(rows(RAW_MESSAGES, 2));
        assertThat(rows(ROLLUP_MESSAGE_MINUTES, 2)).as("messages per minute").isEqualTo(rows(RAW_MESSAGE_MINUTES, 2));
    }

    /** Key columns → figures, rows whose figures are all zero left out (a rollup row may be emptied, never removed). */
    private TreeMap<String, List<String>> rows(String sql, int keyColumns) throws SQLException {
        TreeMap<String, List<String>> out = new TreeMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder key = new StringBuilder();
                for (int i = 1; i <= keyColumns; i++) {
                    key.append(rs.getString(i)).append('|');
                }
                List<String> figures = new ArrayList<>();
                boolean zero = true;
                for (int i = keyColumns + 1; i <= columns; i++) {
                    BigDecimal v = rs.getBigDecimal(i);
                    zero &= v.signum() == 0;
                    figures.add(v.stripTrailingZeros().toPlainString());
                }
                if (!zero) {
                    out.put(key.toString(), figures);
                }
            }
        }
        return out;
    }

    private static String rawBands() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String lo = i == 0 ? "true" : "c.health_score >= " + i * 10;
            String hi = i == 9 ? "true" : "c.health_score < " + (i * 10 + 10);
            out.add("count(*) filter (where " + lo + " and " + hi + " and c.health_score is not null)");
        }
        return String.join(", ", out);
    }

    private static void compact(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("select sensei_private.compact_analytics_rollups()");
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String url(String db) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + db;
    }

    private static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(url(db), "postgres", "postgres");
    }
}
