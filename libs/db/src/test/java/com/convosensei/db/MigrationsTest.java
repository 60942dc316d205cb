package com.convosensei.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migrations on a brand-new database of the loopback PostgreSQL (127.0.0.1:5432, user postgres), exactly as the
 * services run them at start: they apply, a second start changes nothing, and several services starting at once
 * (each running Flyway) leave one consistent schema.
 */
class MigrationsTest {

    private static final String HOST = System.getenv().getOrDefault("SENSEI_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("SENSEI_TEST_PG_PORT", "5432");
    private String database;

    @BeforeEach
    void freshDatabase() throws SQLException {
        database = "sensei_test_migrations_" + Long.toHexString(System.nanoTime());
        try (Connection c = connect("postgres")) {
            c.createStatement().execute("create database " + database);
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = connect("postgres")) {
            c.createStatement().execute("drop database if exists " + database + " with (force)");
        }
    }

    @Test
    void emptyDatabase__migratesFully__andSecondStartIsANoOp() throws SQLException {
        MigrateResult first = flyway().migrate();
        assertThat(first.success).isTrue();
        assertThat(first.migrationsExecuted).isGreaterThanOrEqualTo(3);

        MigrateResult second = flyway().migrate();
        assertThat(second.success).isTrue();
        assertThat(second.migrationsExecuted).isZero();

        try (Connection c = connect(database)) {
            for (String table : List.of("conversations", "messages", "failures", "usage_patterns", "pattern_conversations",
                    "conversation_embeddings", "api_keys", "app_settings", "saved_views", "user_profiles",
                    "user_sessions", "user_security_logs", "alerts", "pattern_runs", "conversation_judgments", "audit_events")) {
                assertThat(count(c, "select count(*) from information_schema.tables where table_name = '" + table + "'"))
                        .as(table).isEqualTo(1);
            }
            assertThat(count(c, "select count(*) from app_settings")).isEqualTo(1);
        }
    }

    @Test
    void appSettings__staysASingleRow() throws SQLException {
        flyway().migrate();
        try (Connection c = connect(database)) {
            assertThatThrownBy(() -> c.createStatement().execute("insert into app_settings (id) values (2)"))
                    .hasMessageContaining("app_settings_id_check");
            assertThatThrownBy(() -> c.createStatement().execute("insert into app_settings (id) values (1)"))
                    .hasMessageContaining("app_settings_pkey");
            assertThat(count(c, "select count(*) from app_settings")).isEqualTo(1);
        }
    }

    @Test
    void withoutPgvector__theConditionalMigrationIsANoOp_andEmbeddingsStayPortable() throws SQLException {
        flyway().migrate();
        try (Connection c = connect(database)) {
            boolean vectorAvailable = count(c, "select count(*) from pg_available_extensions where name = 'vector'") > 0;
            long vectorColumn = count(c, "select count(*) from information_schema.columns where table_name = "
                    + "'conversation_embeddings' and column_name = 'embedding_vector'");
            assertThat(vectorColumn).isEqualTo(vectorAvailable ? 1 : 0);
            assertThat(count(c, "select count(*) from information_schema.columns where table_name = "
                    + "'conversation_embeddings' and column_name = 'embedding' and data_type = 'ARRAY'")).isEqualTo(1);
        }
    }

    @Test
    void severalServicesStartingAtOnce__migrateOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<MigrateResult>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit((Callable<MigrateResult>) () -> flyway().migrate()));
            }
            int executed = 0;
            for (Future<MigrateResult> run : runs) {
                MigrateResult result = run.get();
                assertThat(result.success).isTrue();
                executed += result.migrationsExecuted;
            }
            int available = flyway().info().applied().length;
            assertThat(executed).isEqualTo(available);
        } finally {
            pool.shutdownNow();
        }
    }

    private Flyway flyway() {
        return Flyway.configure()
                .dataSource("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, "postgres", "postgres")
                .locations("classpath:db/migration")
                .load();
    }

    private static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + db, "postgres", "postgres");
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
