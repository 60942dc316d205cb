package com.convosensei.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A private PostgreSQL cluster (initdb in a temp dir, a free port) that accepts only TLS ({@code hostssl} lines in
 * pg_hba.conf), with a server certificate for {@code localhost} signed by a CA made here with openssl, like Supabase's
 * own CA. Each sslmode is tried with the reactive client (configured from {@link DatabaseSettings}' properties) and
 * with JDBC (Flyway's driver, from the JDBC URL the same settings give).
 */
class DatabaseTlsTest {

    private static Path dir;
    private static String pgBin;
    private static int port;
    private static Path ca;
    private static Path wrongCa;
    private static Vertx vertx;

    @BeforeAll
    static void startTlsOnlyPostgres() throws Exception {
        pgBin = Path.of(PrivateServer.binary("/usr/lib/postgresql/15/bin/initdb", "/usr/lib/postgresql/16/bin/initdb",
                "/usr/lib/postgresql/17/bin/initdb")).getParent().toString();
        dir = PrivateServer.tempDir("sensei-tls-pg-");
        port = PrivateServer.freePort();
        ca = dir.resolve("ca.crt");
        wrongCa = dir.resolve("wrong-ca.crt");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Sensei test CA",
                "-keyout", dir.resolve("ca.key").toString(), "-out", ca.toString());
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Some other CA",
                "-keyout", dir.resolve("wrong-ca.key").toString(), "-out", wrongCa.toString());
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                "-keyout", dir.resolve("server.key").toString(), "-out", dir.resolve("server.csr").toString());
        // the certificate names localhost only: connecting to 127.0.0.1 is a hostname mismatch
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost\n");
        openssl("x509", "-req", "-in", dir.resolve("server.csr").toString(), "-CA", ca.toString(),
                "-CAkey", dir.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2",
                "-extfile", dir.resolve("san.ext").toString(), "-out", dir.resolve("server.crt").toString());
        if (PrivateServer.root()) {
            PrivateServer.run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
        }
        PrivateServer.runAsServerUser(List.of("chmod", "600", dir.resolve("server.key").toString()));

        Path data = dir.resolve("data");
        PrivateServer.runAsServerUser(List.of(pgBin + "/initdb", "-D", data.toString(), "-U", "postgres",
                "--auth=trust", "--no-sync", "-E", "UTF8"));
        PrivateServer.write(data.resolve("pg_hba.conf"), String.join("\n",
                "local all all trust",
                "hostssl all all 127.0.0.1/32 trust",
                "hostssl all all ::1/128 trust",
                ""));
        Files.writeString(data.resolve("postgresql.conf"), Files.readString(data.resolve("postgresql.conf")) + String.join("\n",
                "",
                "port = " + port,
                "listen_addresses = 'localhost'",
                "unix_socket_directories = '" + dir + "'",
                "ssl = on",
                "ssl_cert_file = '" + dir.resolve("server.crt") + "'",
                "ssl_key_file = '" + dir.resolve("server.key") + "'",
                "fsync = off",
                "shared_buffers = 16MB",
                "max_connections = 20",
                ""));
        PrivateServer.runAsServerUser(List.of(pgBin + "/pg_ctl", "-D", data.toString(), "-l", dir.resolve("pg.log").toString(),
                "-w", "-t", "60", "start"));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (dir != null && Files.exists(dir.resolve("data/postmaster.pid"))) {
            PrivateServer.runAsServerUser(List.of(pgBin + "/pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "stop"));
        }
        if (dir != null) {
            PrivateServer.run(List.of("rm", "-rf", dir.toString()));
        }
    }

    private static Map<String, String> settings(String host, String query, String senseiDbCa) {
        String url = "postgres://postgres@" + host + ":" + port + "/postgres" + query;
        return DatabaseSettings.quarkusProperties(name -> switch (name) {
            case "DATABASE_URL" -> url;
            case "SENSEI_DB_CA" -> senseiDbCa;
            default -> null;
        });
    }

    @Test
    void verifyFull_withTheRightCa__connectsEncrypted_reactiveAndJdbc() throws Exception {
        Map<String, String> props = settings("localhost", "?sslmode=verify-full", ca.toString());
        assertThat(reactiveSsl(props)).isTrue();
        assertThat(jdbcSsl(props)).isTrue();
        // the CA as sslrootcert= in the URL works the same
        Map<String, String> viaUrl = settings("localhost", "?sslmode=verify-full&sslrootcert=" + ca, null);
        assertThat(reactiveSsl(viaUrl)).isTrue();
        assertThat(jdbcSsl(viaUrl)).isTrue();
    }

    @Test
    void verifyFull_withAnotherCa__isRefused_reactiveAndJdbc() {
        Map<String, String> props = settings("localhost", "?sslmode=verify-full", wrongCa.toString());
        // Vert.x reports only that the handshake failed; pgjdbc says why
        assertThatThrownBy(() -> reactiveSsl(props)).hasStackTraceContaining("SSL handshake failed");
        assertThatThrownBy(() -> jdbcSsl(props)).hasStackTraceContaining("PKIX");
    }

    @Test
    void verifyFull_toAHostTheCertificateDoesNotName__isRefused_whileVerifyCaAcceptsTheSameChain() throws Exception {
        Map<String, String> mismatch = settings("127.0.0.1", "?sslmode=verify-full", ca.toString());
        assertThatThrownBy(() -> reactiveSsl(mismatch)).hasStackTraceContaining("SSL handshake failed");
        assertThatThrownBy(() -> jdbcSsl(mismatch)).hasStackTraceContaining("127.0.0.1 could not be verified");

        Map<String, String> chainOnly = settings("127.0.0.1", "?sslmode=verify-ca", ca.toString());
        assertThat(reactiveSsl(chainOnly)).isTrue();
        assertThat(jdbcSsl(chainOnly)).isTrue();
    }

    @Test
    void require_withoutACa__connectsEncrypted_withoutVerifying_likeLibpq() throws Exception {
        Map<String, String> props = settings("127.0.0.1", "?sslmode=require", null);
        assertThat(props).containsEntry("quarkus.datasource.reactive.trust-all", "true");
        assertThat(reactiveSsl(props)).isTrue();
        assertThat(jdbcSsl(props)).isTrue();
    }

    @Test
    void disable_againstAHostsslOnlyServer__isRefused() {
        Map<String, String> props = settings("127.0.0.1", "?sslmode=disable", null);
        assertThatThrownBy(() -> reactiveSsl(props)).hasStackTraceContaining("no encryption");
        assertThatThrownBy(() -> jdbcSsl(props)).hasStackTraceContaining("no encryption");
    }

    private static boolean reactiveSsl(Map<String, String> props) throws Exception {
        try {
            PgConnection conn = PgConnection.connect(vertx, ReactiveOptions.from(props))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            try {
                return conn.query("select ssl from pg_stat_ssl where pid = pg_backend_pid()").execute()
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).iterator().next().getBoolean(0);
            } finally {
                conn.close();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("reactive connection failed", e.getCause());
        }
    }

    private static boolean jdbcSsl(Map<String, String> props) throws Exception {
        Properties credentials = new Properties();
        credentials.setProperty("user", "postgres");
        credentials.setProperty("password", "");
        try (Connection c = DriverManager.getConnection(props.get("quarkus.datasource.jdbc.url"), credentials);
             ResultSet rs = c.createStatement().executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(PrivateServer.binary("/usr/bin/openssl"));
        command.addAll(List.of(args));
        PrivateServer.run(command);
    }
}
