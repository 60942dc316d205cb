package com.convosensei.db.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.convosensei.db.migration.SchemaVersionCheck.SchemaVersionMismatchException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code SENSEI_DB_MIGRATE=validate} against a private database of the loopback PostgreSQL (created and dropped per
 * test): older, equal, newer and never-migrated schemas, checked with the migrations this build packages.
 */
class SchemaVersionCheckTest {

    private static final String HOST = System.getenv().getOrDefault("SENSEI_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("SENSEI_TEST_PG_PORT", "5432");
    private String database;

    @BeforeEach
    void freshDatabase() throws SQLException {
        database = "sensei_test_schema_check_" + Long.toHexString(System.nanoTime());
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
    void olderSchema__isRefused__withTheMigrationJobAsNextStep() {
        MigrationVersion expected = SchemaVersionCheck.versions(packaged()).expected();
        flyway("classpath:db/migration").target("10").load().migrate();

        assertThatThrownBy(() -> SchemaVersionCheck.require(packaged()))
                .isInstanceOf(SchemaVersionMismatchException.class)
                .hasMessage("database schema is at V10 but this build expects V" + expected
                        + ": run the migration job (deploy/k8s/base/migrate-job.yaml) first");
        assertThat(appliedCount()).as("validate never migrates").isEqualTo(10);
    }

    @Test
    void equalSchema__passes() {
        packaged().migrate();

        SchemaVersionCheck.Versions versions = SchemaVersionCheck.require(packaged());

        assertThat(versions.matches()).isTrue();
        assertThat(versions.database()).contains(versions.expected());
    }

    @Test
    void newerSchema__isRefused__askingToRollForward() {
        MigrationVersion expected = SchemaVersionCheck.versions(packaged()).expected();
        // a later build's migration (V999) applied by its migration job
        flyway("classpath:db/migration", "classpath:db/later-migration").load().migrate();

        assertThatThrownBy(() -> SchemaVersionCheck.require(packaged()))
                .isInstanceOf(SchemaVersionMismatchException.class)
                .hasMessage("database schema is newer (V999) than this build (V" + expected + "): roll forward this service");
    }

    @Test
    void neverMigratedDatabase__isRefused() {
        assertThatThrownBy(() -> SchemaVersionCheck.require(packaged()))
                .isInstanceOf(SchemaVersionMismatchException.class)
                .hasMessageStartingWith("database has no Flyway schema history but this build expects V")
                .hasMessageEndingWith(": run the migration job (deploy/k8s/base/migrate-job.yaml) first");
    }

    @Test
    void failedNewestMigration__doesNotCountAsApplied() throws SQLException {
        packaged().migrate();
        MigrationVersion expected = SchemaVersionCheck.versions(packaged()).expected();
        try (Connection c = connect(database)) {
            // what a migration that failed half-way leaves behind in Flyway's history
            c.createStatement().execute("update flyway_schema_history set success = false where version = '" + expected + "'");
        }

        assertThat(SchemaVersionCheck.versions(packaged()).matches()).isFalse();
    }

    private Flyway packaged() {
        return flyway("classpath:db/migration").load();
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration flyway(String... locations) {
        return Flyway.configure()
                .dataSource("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, "postgres", "postgres")
                .locations(locations);
    }

    private long appliedCount() {
        return packaged().info().applied().length;
    }

    private static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + db, "postgres", "postgres");
    }
}
