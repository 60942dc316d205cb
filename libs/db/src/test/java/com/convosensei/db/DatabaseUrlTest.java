package com.convosensei.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How DATABASE_URL and its companions become Quarkus properties (the servers behind them are in the other tests). */
class DatabaseUrlTest {

    @TempDir
    Path dir;

    private static Map<String, String> props(String... env) {
        Map<String, String> vars = new HashMap<>();
        for (int i = 0; i < env.length; i += 2) {
            vars.put(env[i], env[i + 1]);
        }
        return DatabaseSettings.quarkusProperties(vars::get);
    }

    @Test
    void supabaseDirectUrlWithRequire__encryptsWithoutVerifying_likeLibpq() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://postgres.abc:p%40ss@db.example.supabase.co:5432/postgres?sslmode=require");
        assertThat(url.reactiveUrl()).isEqualTo("postgresql://db.example.supabase.co:5432/postgres");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.supabase.co:5432/postgres?sslmode=require");
        assertThat(props("DATABASE_URL", "postgres://postgres.abc:p%40ss@db.example.supabase.co:5432/postgres?sslmode=require"))
                .containsEntry("quarkus.datasource.username", "postgres.abc")
                .containsEntry("quarkus.datasource.password", "p@ss")
                .containsEntry("quarkus.datasource.reactive.postgresql.ssl-mode", "require")
                .containsEntry("quarkus.datasource.reactive.trust-all", "true")
                .doesNotContainKey("quarkus.datasource.reactive.cache-prepared-statements")
                .doesNotContainKey("quarkus.flyway.jdbc-url");
    }

    @Test
    void localUrlWithoutPortOrSsl__defaultsPort5432() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://postgres@127.0.0.1/sensei");
        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.database()).isEqualTo("sensei");
        assertThat(url.password()).isNull();
        assertThat(props("DATABASE_URL", "postgresql://postgres@127.0.0.1/sensei"))
                .doesNotContainKey("quarkus.datasource.reactive.postgresql.ssl-mode")
                .doesNotContainKey("quarkus.datasource.reactive.trust-all")
                .containsEntry("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/sensei");
    }

    @Test
    void noDatabaseUrl__addsNothing_theLocalDefaultsApply() {
        assertThat(props()).isEmpty();
        assertThat(props("SENSEI_DB_POOLER", "transaction")).isEmpty();
    }

    @Test
    void badUrls__areRefusedWithTheReason_andNeverEchoThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://x/y")).hasMessageContaining("postgres://");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:p@h/db?sslmode=required")).hasMessageContaining("sslmode 'required'");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:p@h/db?ssl-mode=require")).hasMessageContaining("'ssl-mode' is not supported");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:p@h/db?pgbouncer=yes")).hasMessageContaining("pgbouncer must be true or false");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:sec ret@h/db")).hasMessageNotContaining("sec ret");
        assertThat(DatabaseUrl.parse("postgres://u:secret@h/db").toString()).doesNotContain("secret");
    }

    @Test
    void transactionPooler__isDetectedByPort6543_byPgbouncerTrue_orConfigured__andTurnsOffNamedStatementsAndPipelining() {
        String direct = "postgres://postgres:pw@db.ref.supabase.co:5432/postgres";
        for (Map<String, String> p : new Map[] {
                props("DATABASE_URL", "postgres://postgres.ref:pw@aws-0-eu.pooler.supabase.com:6543/postgres", "DIRECT_URL", direct),
                props("DATABASE_URL", "postgres://u:pw@pgbouncer.internal:6432/sensei?pgbouncer=true", "SENSEI_DB_MIGRATION_URL", direct),
                props("DATABASE_URL", "postgres://u:pw@pooler:5433/sensei", "SENSEI_DB_POOLER", "transaction", "DIRECT_URL", direct)}) {
            assertThat(p).containsEntry("quarkus.datasource.reactive.postgresql.use-layer7-proxy", "true")
                    .containsEntry("quarkus.datasource.reactive.cache-prepared-statements", "false")
                    .containsEntry("quarkus.datasource.reactive.postgresql.pipelining-limit", "1")
                    // Flyway (and the JDBC pool that exists only for it) on the session connection, with its own user
                    .containsEntry("quarkus.flyway.jdbc-url", "jdbc:postgresql://db.ref.supabase.co:5432/postgres")
                    .containsEntry("quarkus.datasource.jdbc.url", "jdbc:postgresql://db.ref.supabase.co:5432/postgres")
                    .containsEntry("quarkus.flyway.username", "postgres")
                    .containsEntry("quarkus.flyway.password", "pw");
        }
        // a session pooler on 6543 (not Supabase) can say so
        assertThat(props("DATABASE_URL", "postgres://u@h:6543/db", "SENSEI_DB_POOLER", "session"))
                .doesNotContainKey("quarkus.datasource.reactive.cache-prepared-statements");
        assertThatThrownBy(() -> props("DATABASE_URL", "postgres://u@h/db", "SENSEI_DB_POOLER", "statement"))
                .hasMessageContaining("SENSEI_DB_POOLER must be transaction, session or none");
    }

    @Test
    void transactionPoolerWithoutASessionUrlForFlyway__isRefusedAtStart() {
        assertThatThrownBy(() -> props("DATABASE_URL", "postgres://postgres.ref:pw@aws-0-eu.pooler.supabase.com:6543/postgres"))
                .hasMessageContaining("port 6543").hasMessageContaining("SENSEI_DB_MIGRATION_URL");
        assertThatThrownBy(() -> props("DATABASE_URL", "postgres://u@pooler:6543/db", "DIRECT_URL", "postgres://u@pooler:6543/db"))
                .hasMessageContaining("DIRECT_URL must be a session connection");
    }

    @Test
    void migrationUrl__isUsedForFlywayAlsoWithoutAPooler_andKeepsTheServiceUserWhenItHasNone() {
        assertThat(props("DATABASE_URL", "postgres://svc:pw@h:5432/db", "SENSEI_DB_MIGRATION_URL", "postgres://h2:5432/db?sslmode=require"))
                .containsEntry("quarkus.datasource.reactive.url", "postgresql://h:5432/db")
                .containsEntry("quarkus.flyway.jdbc-url", "jdbc:postgresql://h2:5432/db?sslmode=require")
                .containsEntry("quarkus.flyway.username", "svc")
                .containsEntry("quarkus.flyway.password", "pw");
    }

    @Test
    void verifyFull__verifiesChainAndHostname_withTheCaFromSenseiDbCa_orSslrootcert() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n");
        Map<String, String> p = props("DATABASE_URL", "postgres://u:pw@db.ref.supabase.co:5432/postgres?sslmode=verify-full",
                "SENSEI_DB_CA", ca.toString());
        assertThat(p).containsEntry("quarkus.datasource.reactive.postgresql.ssl-mode", "verify-full")
                .containsEntry("quarkus.datasource.reactive.trust-certificate-pem", "true")
                .containsEntry("quarkus.datasource.reactive.trust-certificate-pem.certs", ca.toString())
                .containsEntry("quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS")
                .doesNotContainKey("quarkus.datasource.reactive.trust-all")
                .containsEntry("quarkus.datasource.jdbc.url",
                        "jdbc:postgresql://db.ref.supabase.co:5432/postgres?sslmode=verify-full&sslrootcert=" + ca);
        assertThat(props("DATABASE_URL", "postgres://u@h/db?sslmode=verify-full&sslrootcert=" + ca))
                .containsEntry("quarkus.datasource.reactive.trust-certificate-pem.certs", ca.toString());
        // verify-ca: the chain, not the name
        assertThat(props("DATABASE_URL", "postgres://u@h/db?sslmode=verify-ca", "SENSEI_DB_CA", ca.toString()))
                .containsEntry("quarkus.datasource.reactive.postgresql.ssl-mode", "verify-ca")
                .doesNotContainKey("quarkus.datasource.reactive.hostname-verification-algorithm");
        // require with a CA verifies the chain, as libpq does when it has a root certificate
        assertThat(props("DATABASE_URL", "postgres://u@h/db?sslmode=require", "SENSEI_DB_CA", ca.toString()))
                .containsEntry("quarkus.datasource.reactive.trust-certificate-pem.certs", ca.toString())
                .doesNotContainKey("quarkus.datasource.reactive.trust-all");
    }

    @Test
    void senseiDbCaGivenAsPemText__isWrittenToAPrivateFile() throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\nMIIabc\n-----END CERTIFICATE-----\n";
        String file = props("DATABASE_URL", "postgres://u@h/db?sslmode=verify-full", "SENSEI_DB_CA", pem)
                .get("quarkus.datasource.reactive.trust-certificate-pem.certs");
        assertThat(Files.readString(Path.of(file))).isEqualTo(pem.trim());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(file)))).isEqualTo("rw-------");
    }

    @Test
    void verifyWithoutACa_orAnUnreadableCa__isRefusedAtStart() {
        assertThatThrownBy(() -> props("DATABASE_URL", "postgres://u@h/db?sslmode=verify-full"))
                .hasMessageContaining("no CA").hasMessageContaining("SENSEI_DB_CA");
        assertThatThrownBy(() -> props("DATABASE_URL", "postgres://u@h/db?sslmode=verify-full", "SENSEI_DB_CA", "/nope/ca.pem"))
                .hasMessageContaining("cannot be read");
    }
}
