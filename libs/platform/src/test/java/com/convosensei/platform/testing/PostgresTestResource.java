package com.convosensei.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * Gives a service's tests their own database on the shared loopback PostgreSQL ({@code sensei_test_<name>}),
 * so modules tested at the same time never truncate each other's rows. The database is dropped and created anew
 * the first time a test JVM asks for it: one left by an earlier run may hold a migration whose text has changed
 * since, which Flyway's validation refuses (and Quarkus then fails to start for every test of the module).
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
        recreateOncePerJvm(database);
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

    /**
     * Drops and creates {@code database} unless this JVM already did. The mark is a system property, not a static
     * field: Quarkus loads test resources again in a new class loader at every restart for another test profile.
     */
    public static void recreateOncePerJvm(String database) {
        if (!database.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("test database names are lower-case words: " + database);
        }
        String mark = "sensei.test.database.recreated." + database;
        synchronized (System.getProperties()) {
            if (System.getProperty(mark) != null) {
                return;
            }
            recreate(database);
            System.setProperty(mark, "true");
        }
    }

    private static void recreate(String database) {
        try (Connection c = connect("postgres")) {
            c.createStatement().execute("drop database if exists " + database + " with (force)");
            c.createStatement().execute("create database " + database);
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
