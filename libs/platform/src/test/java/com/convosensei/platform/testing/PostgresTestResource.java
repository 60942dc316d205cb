package com.convosensei.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * Gives a service's tests their own database on the shared loopback PostgreSQL ({@code sensei_test_<name>}),
 * created on first use, so modules tested at the same time never truncate each other's rows.
 * Use: {@code @QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = "sensei_test_admin"))}.
 * Host and port come from {@code SENSEI_TEST_PG_HOST} / {@code SENSEI_TEST_PG_PORT} (default 127.0.0.1:5432, user postgres).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "sensei_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("db", database);
    }

    @Override
    public Map<String, String> start() {
        createDatabaseIfMissing(database);
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + host() + ":" + port() + "/" + database,
                "quarkus.datasource.jdbc.url", jdbcUrl(database),
                "quarkus.datasource.username", user(),
                "quarkus.datasource.password", password());
    }

    @Override
    public void stop() {
    }

    public static String host() {
        return env("SENSEI_TEST_PG_HOST", "127.0.0.1");
    }

    public static String port() {
        return env("SENSEI_TEST_PG_PORT", "5432");
    }

    public static String user() {
        return env("SENSEI_TEST_PG_USER", "postgres");
    }

    public static String password() {
        return env("SENSEI_TEST_PG_PASSWORD", "postgres");
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A plain JDBC connection to the given test database, for assertions and seeding in tests. */
    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user(), password());
    }

    public static void createDatabaseIfMissing(String database) {
        if (!database.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("test database names are lower-case words: " + database);
        }
        try (Connection c = connect("postgres")) {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "select 1 from pg_database where datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            try {
                c.createStatement().execute("create database " + database);
            } catch (SQLException raced) {
                // another module's test run created it at the same moment: fine
                if (!"42P04".equals(raced.getSQLState())) {
                    throw raced;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + host() + ":" + port()
                    + " (start it, or run `make test`, which does)", e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
