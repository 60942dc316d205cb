package com.convosensei.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A service's test database left by an earlier run (here: with a stale table standing for an old Flyway history)
 * is recreated the first time this JVM asks for it, and kept for the rest of the run.
 */
class PostgresTestResourceTest {

    private final String database = "sensei_test_resource_" + Long.toHexString(System.nanoTime());

    @AfterEach
    void drop() throws SQLException {
        try (Connection c = PostgresTestResource.connect("postgres")) {
            c.createStatement().execute("drop database if exists " + database + " with (force)");
        }
    }

    @Test
    void aLeftoverDatabase__isRecreatedOnFirstUse_thenKeptForTheRestOfTheJvm() throws SQLException {
        try (Connection c = PostgresTestResource.connect("postgres")) {
            c.createStatement().execute("create database " + database);
        }
        createTable("left_by_an_earlier_run");

        PostgresTestResource.recreateOncePerJvm(database);
        assertThat(tableExists("left_by_an_earlier_run")).isFalse();

        createTable("made_by_this_run");
        PostgresTestResource.recreateOncePerJvm(database);
        assertThat(tableExists("made_by_this_run")).isTrue();
    }

    private void createTable(String name) throws SQLException {
        try (Connection c = PostgresTestResource.connect(database)) {
            c.createStatement().execute("create table " + name + " (id int)");
        }
    }

    private boolean tableExists(String name) throws SQLException {
        try (Connection c = PostgresTestResource.connect(database);
                ResultSet rs = c.createStatement().executeQuery("select to_regclass('" + name + "') is not null")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
