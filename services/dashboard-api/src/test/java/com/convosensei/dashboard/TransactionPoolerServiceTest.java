package com.convosensei.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.db.DatabaseSettings;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The real dashboard-api behind a transaction-mode PgBouncer (Supabase's Supavisor on 6543 behaves the same), set up
 * by {@link DatabaseSettings} from {@code DATABASE_URL} (the pooler, {@code pgbouncer=true}) and
 * {@code SENSEI_DB_MIGRATION_URL} (the direct, session connection): Quarkus migrates a fresh database through the
 * session URL at start, and many concurrent API requests run the service's repository queries through the pooler.
 */
@QuarkusTest
@QuarkusTestResource(value = TransactionPoolerServiceTest.PgBouncer.class, restrictToAnnotatedClass = true)
class TransactionPoolerServiceTest {

    static final String DB = "sensei_test_dashboard_pooler";

    @TestHTTPResource("/api/v1/conversations")
    URL conversations;

    @Inject
    Flyway flyway;

    @Test
    void manyConcurrentRequests__throughTheTransactionPooler__allAnswer200() throws Exception {
        seed(30);
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            String query = switch (i % 4) {
                case 0 -> "?limit=5";
                case 1 -> "?environment=production&limit=10";
                case 2 -> "?sort=health&order=asc&health_min=10&limit=3";
                default -> "?q=hello&limit=5";
            };
            responses.add(http.sendAsync(HttpRequest.newBuilder(URI.create(conversations + query))
                    .header("Authorization", TestTokens.bearer()).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            HttpResponse<String> r = response.get(60, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).doesNotContainIgnoringCase("prepared statement");
        }
    }

    @Test
    void quarkusFlyway__migratedThroughTheSessionUrl_andRunsTheAfterMigrateCallback() throws Exception {
        assertThat(flyway.getConfiguration().getUrl()).contains(":" + PostgresTestResource.port() + "/" + DB);
        try (Connection c = PostgresTestResource.connect(DB)) {
            c.createStatement().execute("alter table saved_views disable row level security");
        }
        // nothing left to migrate; the callback (db/migration/afterMigrate.sql) must still run and re-enable RLS
        assertThat(flyway.migrate().migrationsExecuted).isZero();
        try (Connection c = PostgresTestResource.connect(DB);
             ResultSet rs = c.createStatement().executeQuery("select bool_and(relrowsecurity) from pg_class "
                     + "where relnamespace = 'public'::regnamespace and relkind = 'r'")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("every table of public has row level security").isTrue();
        }
    }

    private static void seed(int n) throws Exception {
        try (Connection c = PostgresTestResource.connect(DB)) {
            c.createStatement().execute("truncate conversations cascade");
            for (int i = 0; i < n; i++) {
                c.createStatement().execute("with conv as (insert into conversations (external_id, health_score) values ('pooled-" + i
                        + "', " + (i * 3) + ") returning id) insert into messages (conversation_id, dedup_key, role, content, sent_at) "
                        + "select id, 'k', 'user', 'hello there " + i + "', now() from conv");
            }
        }
    }

    /** A private PgBouncer ({@code pool_mode = transaction}, 2 server connections) in front of a fresh database. */
    public static class PgBouncer implements QuarkusTestResourceLifecycleManager {

        private Process process;
        private Path dir;

        @Override
        public Map<String, String> start() {
            try {
                try (Connection c = PostgresTestResource.connect("postgres")) {
                    c.createStatement().execute("drop database if exists " + DB + " with (force)");
                    c.createStatement().execute("create database " + DB);
                }
                boolean root = "root".equals(System.getProperty("user.name"));
                dir = Files.createTempDirectory("sensei-dashboard-pgbouncer-");
                int port;
                try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                    port = s.getLocalPort();
                }
                Files.writeString(dir.resolve("userlist.txt"), "\"" + PostgresTestResource.user() + "\" \"\"\n");
                Files.writeString(dir.resolve("pgbouncer.ini"), String.join("\n",
                        "[databases]",
                        "* = host=" + PostgresTestResource.host() + " port=" + PostgresTestResource.port(),
                        "[pgbouncer]",
                        "listen_addr = 127.0.0.1",
                        "listen_port = " + port,
                        "unix_socket_dir =",
                        "auth_type = trust",
                        "auth_file = " + dir.resolve("userlist.txt"),
                        "pool_mode = transaction",
                        "default_pool_size = 2",
                        "max_client_conn = 200",
                        "ignore_startup_parameters = extra_float_digits,intervalstyle",
                        "logfile = " + dir.resolve("pgbouncer.log"),
                        ""));
                List<String> command = new ArrayList<>();
                if (root) {
                    // PgBouncer refuses to run as root
                    new ProcessBuilder("chown", "-R", "postgres:postgres", dir.toString()).start().waitFor();
                    command.addAll(List.of("runuser", "-u", "postgres", "--"));
                }
                command.addAll(List.of(Files.isExecutable(Path.of("/usr/sbin/pgbouncer")) ? "/usr/sbin/pgbouncer" : "pgbouncer",
                        dir.resolve("pgbouncer.ini").toString()));
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("stdout.log").toFile()).start();
                waitForPort(port);
                String credentials = PostgresTestResource.user() + ":" + PostgresTestResource.password();
                return DatabaseSettings.quarkusProperties(name -> switch (name) {
                    case "DATABASE_URL" -> "postgres://" + credentials + "@127.0.0.1:" + port + "/" + DB + "?pgbouncer=true";
                    case "SENSEI_DB_MIGRATION_URL" -> "postgres://" + credentials + "@" + PostgresTestResource.host() + ":"
                            + PostgresTestResource.port() + "/" + DB;
                    default -> null;
                });
            } catch (Exception e) {
                throw new IllegalStateException("could not start a private PgBouncer (scripts/infra.sh --with-pgbouncer installs it)", e);
            }
        }

        private void waitForPort(int port) throws IOException, InterruptedException {
            for (int i = 0; i < 300; i++) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            throw new IllegalStateException("PgBouncer did not listen on " + port + ": "
                    + Files.readString(dir.resolve("stdout.log")));
        }

        @Override
        public void stop() {
            if (process != null) {
                process.toHandle().descendants().forEach(ProcessHandle::destroy);
                process.destroy();
            }
        }
    }
}
