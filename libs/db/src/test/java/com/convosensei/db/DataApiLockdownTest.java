package com.convosensei.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Supabase's Data API (PostgREST) acts as {@code anon}, {@code authenticated} or {@code service_role}; with the anon
 * key public, any table those roles may touch is readable and writable by anyone. A fresh database of the loopback
 * PostgreSQL is set up the way Supabase sets up {@code public} (usage on the schema, default privileges granting all
 * on new tables, sequences and functions to the three roles), migrated by a non-superuser owner (on Supabase
 * {@code postgres} is not a superuser either), and then every table, view, sequence and function of {@code public},
 * enumerated from the catalog, is tried as each role.
 */
class DataApiLockdownTest {

    private static final String HOST = System.getenv().getOrDefault("SENSEI_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("SENSEI_TEST_PG_PORT", "5432");
    private static final List<String> API_ROLES = List.of("anon", "authenticated", "service_role");
    /** the services' role in this test: owns the tables, is no superuser */
    private static final String OWNER = "sensei_test_rls_owner";

    private String database;

    @BeforeAll
    static void supabaseRoles() throws SQLException {
        try (Connection c = connect("postgres", "postgres")) {
            // roles are cluster-wide and other tests may run at once: create when missing, never drop
            createRoleIfMissing(c, "anon", "nologin noinherit");
            createRoleIfMissing(c, "authenticated", "nologin noinherit");
            createRoleIfMissing(c, "service_role", "nologin noinherit bypassrls");
            createRoleIfMissing(c, OWNER, "login nosuperuser nocreatedb nocreaterole");
        }
    }

    @BeforeEach
    void supabaseLikeDatabase() throws SQLException {
        database = "sensei_test_rls_" + Long.toHexString(System.nanoTime());
        try (Connection c = connect("postgres", "postgres")) {
            c.createStatement().execute("create database " + database + " owner " + OWNER);
        }
        try (Connection c = connect(database, OWNER); Statement s = c.createStatement()) {
            // what Supabase's setup grants on public (for objects the migrating role creates)
            s.execute("grant usage on schema public to anon, authenticated, service_role");
            s.execute("alter default privileges in schema public grant all on tables to anon, authenticated, service_role");
            s.execute("alter default privileges in schema public grant all on sequences to anon, authenticated, service_role");
            s.execute("alter default privileges in schema public grant all on functions to anon, authenticated, service_role");
            // a table that exists before Sensei migrates (created under those grants) must be locked down too
            s.execute("create table pre_existing (id bigint generated always as identity primary key, note text)");
        }
        try (Connection c = connect(database, "postgres")) {
            assertThat(tablePrivilege(c, "anon", "pre_existing", "select"))
                    .as("the simulated Supabase grants are in effect before the migration").isTrue();
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = connect("postgres", "postgres")) {
            c.createStatement().execute("drop database if exists " + database + " with (force)");
        }
    }

    @Test
    void afterMigrating__everyTableHasRls_andTheDataApiRolesCanReadInsertUpdateDeleteNothing() throws SQLException {
        flyway("classpath:db/migration").migrate();
        try (Connection c = connect(database, "postgres")) {
            List<String> tables = relations(c, "'r', 'p'");
            assertThat(tables).contains("conversations", "messages", "api_keys", "audit_events", "flyway_schema_history",
                    "pre_existing");
            for (String table : tables) {
                assertThat(rlsEnabled(c, table)).as("row level security on " + table).isTrue();
            }
            assertNothingAllowed(c, tables);
        }
    }

    @Test
    void aTableOrFunctionALaterMigrationAdds__isLockedDownByTheCallbackAndDefaultPrivileges() throws SQLException {
        flyway("classpath:db/migration").migrate();
        // a later migration (as other helpers add V8+), from a test-only location
        flyway("classpath:db/migration", "classpath:db/later-migration").migrate();
        try (Connection c = connect(database, "postgres")) {
            assertThat(rlsEnabled(c, "later_table")).isTrue();
            for (String role : API_ROLES) {
                assertThat(tablePrivilege(c, role, "later_table", "select")).as(role).isFalse();
                assertThat(functionExecutable(c, role, "later_function()")).as(role + " executes later_function").isFalse();
            }
            assertNothingAllowed(c, relations(c, "'r', 'p'"));
        }
        // default privileges alone: a table created outside Flyway (no callback) is still granted to nobody
        try (Connection c = connect(database, OWNER)) {
            c.createStatement().execute("create table made_by_hand (id int)");
        }
        try (Connection c = connect(database, "postgres")) {
            for (String role : API_ROLES) {
                assertThat(tablePrivilege(c, role, "made_by_hand", "select")).as(role).isFalse();
                assertThat(tablePrivilege(c, role, "made_by_hand", "insert")).as(role).isFalse();
            }
        }
    }

    @Test
    void evenIfSomeoneGrantsSelectAgain__rlsWithoutPoliciesShowsTheDataApiNoRow() throws SQLException {
        flyway("classpath:db/migration").migrate();
        try (Connection owner = connect(database, OWNER)) {
            owner.createStatement().execute("insert into audit_events (actor, action) values ('test', 'probe')");
            owner.createStatement().execute("grant select on audit_events to anon, authenticated");
        }
        try (Connection c = connect(database, "postgres"); Statement s = c.createStatement()) {
            for (String role : List.of("anon", "authenticated")) {
                s.execute("set role " + role);
                assertThat(count(s, "select count(*) from audit_events")).as(role).isZero();
                s.execute("reset role");
            }
            assertThat(count(s, "select count(*) from audit_events")).isEqualTo(1);
        }
    }

    @Test
    void theServicesRole_theTablesOwner__stillReadsAndWritesEverything() throws SQLException {
        flyway("classpath:db/migration").migrate();
        try (Connection c = connect(database, OWNER); Statement s = c.createStatement()) {
            s.execute("insert into conversations (external_id) values ('conv-1')");
            s.execute("insert into messages (conversation_id, dedup_key, role, content, sent_at) "
                    + "select id, 'k1', 'user', 'hello', now() from conversations where external_id = 'conv-1'");
            assertThat(count(s, "select count(*) from messages m join conversations c on c.id = m.conversation_id")).isEqualTo(1);
            assertThat(s.executeUpdate("update conversations set message_count = 1 where external_id = 'conv-1'")).isEqualTo(1);
            assertThat(s.executeUpdate("update app_settings set updated_at = now()")).isEqualTo(1);
            assertThat(s.executeUpdate("delete from conversations where external_id = 'conv-1'")).isEqualTo(1);
            assertThat(count(s, "select count(*) from messages")).isZero();
        }
        // a second start (callback again) changes nothing and fails nothing
        assertThat(flyway("classpath:db/migration").migrate().migrationsExecuted).isZero();
    }

    /** Tries select, insert, update, delete on every table (and use of every sequence) as every Data API role. */
    private void assertNothingAllowed(Connection c, List<String> tables) throws SQLException {
        List<String> sequences = relations(c, "'S'");
        assertThat(sequences).isNotEmpty();
        List<String> views = relations(c, "'v', 'm'");
        try (Statement s = c.createStatement()) {
            for (String role : API_ROLES) {
                s.execute("set role " + role);
                try {
                    for (String view : views) {
                        assertDenied(s, role, "select * from public." + quote(view) + " limit 1");
                    }
                    for (String table : tables) {
                        String t = "public." + quote(table);
                        String column = quote(firstColumn(c, table));
                        assertDenied(s, role, "select * from " + t + " limit 1");
                        assertDenied(s, role, "insert into " + t + " default values");
                        assertDenied(s, role, "update " + t + " set " + column + " = " + column);
                        assertDenied(s, role, "delete from " + t);
                    }
                    for (String sequence : sequences) {
                        assertDenied(s, role, "select nextval('public." + quote(sequence) + "')");
                    }
                } finally {
                    s.execute("reset role");
                }
            }
        }
        for (String fn : functions(c)) {
            for (String role : API_ROLES) {
                assertThat(functionExecutable(c, role, fn)).as(role + " may execute " + fn).isFalse();
            }
        }
    }

    private static void assertDenied(Statement s, String role, String sql) {
        assertThatThrownBy(() -> s.execute(sql)).as(role + ": " + sql)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).as(role + ": " + sql + " → " + e.getMessage())
                        .isEqualTo("42501"));
    }

    private Flyway flyway(String... locations) {
        return Flyway.configure()
                .dataSource("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, OWNER, "")
                .locations(locations)
                // as the services (quarkus.flyway.baseline-on-migrate), for the pre-existing table; version 0 so V1 still runs
                .baselineOnMigrate(true).baselineVersion("0")
                .load();
    }

    private static void createRoleIfMissing(Connection c, String role, String options) throws SQLException {
        c.createStatement().execute("do $$ begin create role " + role + " " + options + "; "
                + "exception when duplicate_object or unique_violation then null; end $$");
    }

    private static List<String> relations(Connection c, String relkinds) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("select relname from pg_class where relnamespace = "
                + "'public'::regnamespace and relkind in (" + relkinds + ") order by relname")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<String> functions(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("select p.oid::regprocedure::text from pg_proc p "
                + "where p.pronamespace = 'public'::regnamespace and p.prokind in ('f', 'p')")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** a column an update may name (identity and generated columns are refused before privileges are checked) */
    private static String firstColumn(Connection c, String table) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("select attname from pg_attribute where attrelid = 'public."
                + quote(table) + "'::regclass and attnum > 0 and not attisdropped and attidentity = '' and attgenerated = '' "
                + "order by attnum limit 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean rlsEnabled(Connection c, String table) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("select relrowsecurity from pg_class where oid = 'public."
                + quote(table) + "'::regclass")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static boolean tablePrivilege(Connection c, String role, String table, String privilege) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("select has_table_privilege('" + role + "', 'public."
                + quote(table) + "', '" + privilege + "')")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static boolean functionExecutable(Connection c, String role, String signature) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("select has_function_privilege('" + role + "', 'public."
                + signature.replace("public.", "") + "', 'execute')")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static Connection connect(String db, String user) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + db, user,
                user.equals("postgres") ? "postgres" : "");
    }
}
