package com.convosensei.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Supabase's transaction pooler (Supavisor on 6543) stood in for by a real PgBouncer in {@code pool_mode =
 * transaction} on a free port, in front of the loopback PostgreSQL, with fewer server connections than the client
 * has, so consecutive transactions of one client connection land on different server connections. The reactive
 * client is configured from {@link DatabaseSettings}' properties exactly as a service would be; Flyway uses the
 * session URL those settings give it.
 */
class TransactionPoolerTest {

    private static final String PG_PORT = System.getenv().getOrDefault("SENSEI_TEST_PG_PORT", "5432");
    private static final int QUERIES = 600;

    private static Path dir;
    private static Process bouncer;
    private static int bouncerPort;
    private static String database;
    private static Vertx vertx;

    @BeforeAll
    static void startPgBouncer() throws Exception {
        database = "sensei_test_pooler_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PG_PORT + "/postgres", "postgres", "postgres")) {
            c.createStatement().execute("create database " + database);
        }
        String binary = PrivateServer.binary("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer");
        dir = PrivateServer.tempDir("sensei-pgbouncer-");
        bouncerPort = PrivateServer.freePort();
        PrivateServer.write(dir.resolve("userlist.txt"), "\"postgres\" \"\"\n");
        PrivateServer.write(dir.resolve("pgbouncer.ini"), String.join("\n",
                "[databases]",
                "* = host=127.0.0.1 port=" + PG_PORT,
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + bouncerPort,
                "unix_socket_dir =",
                "auth_type = trust",
                "auth_file = " + dir.resolve("userlist.txt"),
                "pool_mode = transaction",
                // two server connections for eight client connections: transactions hop between them
                "default_pool_size = 2",
                "max_client_conn = 100",
                // parameters the Java clients send at startup that PgBouncer does not track (Supavisor accepts them)
                "ignore_startup_parameters = extra_float_digits,intervalstyle",
                "logfile = " + dir.resolve("pgbouncer.log"),
                "pidfile = " + dir.resolve("pgbouncer.pid"),
                ""));
        List<String> command = new ArrayList<>();
        if (PrivateServer.root()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of(binary, dir.resolve("pgbouncer.ini").toString()));
        bouncer = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        PrivateServer.waitForPort(bouncerPort, dir.resolve("pgbouncer.log"));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopPgBouncer() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (bouncer != null) {
            bouncer.toHandle().descendants().forEach(ProcessHandle::destroy);
            bouncer.destroy();
            bouncer.waitFor(10, TimeUnit.SECONDS);
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PG_PORT + "/postgres", "postgres", "postgres")) {
            c.createStatement().execute("drop database if exists " + database + " with (force)");
        }
    }

    private static Map<String, String> settings(String... extra) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:" + bouncerPort + "/" + database + "?pgbouncer=true");
        env.put("SENSEI_DB_MIGRATION_URL", "postgres://postgres:postgres@127.0.0.1:" + PG_PORT + "/" + database);
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return DatabaseSettings.quarkusProperties(env::get);
    }

    @Test
    void throughTheTransactionPooler__manyConcurrentQueriesAndTransactions_noPreparedStatementErrors() throws Exception {
        Map<String, String> props = settings();
        migrate(props);

        Pool pool = pool(props);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < QUERIES; i++) {
                String externalId = "pooled-" + i;
                switch (i % 3) {
                    case 0 -> work.add(pool.preparedQuery("insert into conversations (external_id, environment) values ($1, $2)")
                            .execute(Tuple.of(externalId, "pooler")));
                    case 1 -> work.add(pool.preparedQuery("select count(*) from conversations where environment = $1 and message_count >= $2")
                            .execute(Tuple.of("pooler", 0)));
                    default -> work.add(pool.withTransaction(conn -> conn
                            .preparedQuery("insert into conversations (external_id, environment) values ($1, $2) returning id")
                            .execute(Tuple.of(externalId, "pooler"))
                            .compose(rows -> conn.preparedQuery("insert into messages (conversation_id, dedup_key, role, content, sent_at) "
                                            + "values ($1, $2, 'user', $3, now())")
                                    .execute(Tuple.of(rows.iterator().next().getUUID("id"), "k", "hello " + externalId)))));
                }
            }
            List<Throwable> failures = outcomes(work);
            assertThat(failures).as("errors through the transaction pooler").isEmpty();

            Row counts = pool.query("select (select count(*) from conversations where environment = 'pooler') as c, "
                    + "(select count(*) from messages) as m").execute()
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).iterator().next();
            assertThat(counts.getLong("c")).isEqualTo(QUERIES / 3 * 2);
            assertThat(counts.getLong("m")).isEqualTo(QUERIES / 3);
        } finally {
            pool.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        // the pooler really was in between: PgBouncer logged its server connections to this database
        assertThat(java.nio.file.Files.readString(dir.resolve("pgbouncer.log"))).contains(database);
    }

    @Test
    void control_withoutTheLayer7ProxyMode__theSamePoolerLosesPreparedStatements() throws Exception {
        Map<String, String> props = new HashMap<>(settings());
        migrate(props);
        // the client as configured for a direct connection: without the layer-7-proxy mode, even with no cache
        props.remove("quarkus.datasource.reactive.postgresql.use-layer7-proxy");

        Pool pool = pool(props);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < QUERIES; i++) {
                work.add(pool.preparedQuery("select count(*) from conversations where environment = $1 and message_count >= $2")
                        .execute(Tuple.of("control-" + (i % 7), i % 5)));
            }
            List<Throwable> failures = outcomes(work);
            assertThat(failures).as("a transaction pooler must break the client configured for a direct connection, or this test proves nothing")
                    .isNotEmpty()
                    .anySatisfy(e -> assertThat(e.getMessage()).containsIgnoringCase("prepared statement"));
        } finally {
            pool.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Flyway on the session URL (idempotent: the second test's call migrates nothing). */
    private static void migrate(Map<String, String> props) throws Exception {
        assertThat(props.get("quarkus.flyway.jdbc-url")).contains(":" + PG_PORT + "/").doesNotContain(":" + bouncerPort + "/");
        MigrateResult result = Flyway.configure()
                .dataSource(props.get("quarkus.flyway.jdbc-url"), props.get("quarkus.flyway.username"), props.get("quarkus.flyway.password"))
                .locations("classpath:db/migration")
                .load().migrate();
        assertThat(result.success).isTrue();
        try (Connection c = DriverManager.getConnection(props.get("quarkus.flyway.jdbc-url"), "postgres", "postgres");
             ResultSet rs = c.createStatement().executeQuery("select count(*) from flyway_schema_history where success")) {
            rs.next();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(7);
        }
    }

    private static Pool pool(Map<String, String> props) {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(8)).connectingTo(ReactiveOptions.from(props))
                .using(vertx).build();
    }

    private static List<Throwable> outcomes(List<Future<?>> work) throws Exception {
        Future.join(new ArrayList<>(work)).toCompletionStage().toCompletableFuture().handle((ok, err) -> null)
                .get(120, TimeUnit.SECONDS);
        List<Throwable> failures = new ArrayList<>();
        for (Future<?> f : work) {
            if (f.failed()) {
                failures.add(f.cause());
            }
        }
        return failures;
    }
}
