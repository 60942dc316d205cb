package com.convosensei.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The one place that decides how the services reach PostgreSQL, from the environment:
 * <ul>
 *   <li>{@code DATABASE_URL} — what the services' reactive (Vert.x) client uses for every query;</li>
 *   <li>{@code SENSEI_DB_MIGRATION_URL} (or {@code DIRECT_URL}, Prisma's and Supabase's name) — a <em>session</em>
 *       connection for Flyway (it holds a session advisory lock while migrating), e.g. Supabase's direct URL
 *       {@code db.<ref>.supabase.co:5432} or its session pooler on 5432; falls back to {@code DATABASE_URL};</li>
 *   <li>{@code SENSEI_DB_POOLER} — {@code transaction} when {@code DATABASE_URL} goes through a transaction-mode
 *       pooler (Supavisor/PgBouncer), {@code session} or {@code none} otherwise. Unset: transaction when the URL says
 *       {@code pgbouncer=true} or uses port 6543 (Supabase's transaction pooler), else none;</li>
 *   <li>{@code SENSEI_DB_CA} — the CA certificate (a PEM file's path, or the PEM text itself) that signs the server
 *       certificate, for {@code sslmode=verify-full}/{@code verify-ca}; a URL's own {@code sslrootcert} wins.</li>
 * </ul>
 * TLS follows libpq: {@code require} (and {@code prefer}/{@code allow}) encrypt without verifying the server unless a
 * CA is given (then the chain is verified, as libpq does with a root certificate); {@code verify-ca} verifies the
 * chain; {@code verify-full} verifies the chain and that the certificate names the host.
 */
public final class DatabaseSettings {

    public enum Pooler { NONE, SESSION, TRANSACTION }

    /** Supabase's (Supavisor's) transaction-mode port. */
    public static final int TRANSACTION_POOLER_PORT = 6543;

    private DatabaseSettings() {
    }

    /** Quarkus datasource and Flyway properties for the environment {@code env}; empty when DATABASE_URL is unset. */
    public static Map<String, String> quarkusProperties(Function<String, String> env) {
        String databaseUrl = value(env, "DATABASE_URL");
        if (databaseUrl == null) {
            return Map.of();
        }
        DatabaseUrl service = DatabaseUrl.parse(databaseUrl);
        String migrationUrl = value(env, "SENSEI_DB_MIGRATION_URL");
        String migrationVariable = "SENSEI_DB_MIGRATION_URL";
        if (migrationUrl == null) {
            migrationUrl = value(env, "DIRECT_URL");
            migrationVariable = "DIRECT_URL";
        }
        DatabaseUrl migration = migrationUrl == null ? null : parseAs(migrationVariable, migrationUrl);
        Pooler pooler = pooler(service, value(env, "SENSEI_DB_POOLER"));
        String caFile = caFile(value(env, "SENSEI_DB_CA"));

        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.datasource.reactive.url", service.reactiveUrl());
        putIfNotNull(props, "quarkus.datasource.username", service.username());
        putIfNotNull(props, "quarkus.datasource.password", service.password());
        props.putAll(reactiveTls(service, caFile));

        if (pooler == Pooler.TRANSACTION) {
            // a transaction-mode pooler hands each transaction (each Sync, outside BEGIN/COMMIT) to any server
            // connection: a statement prepared by name on one is unknown on the next ("prepared statement ... does
            // not exist"), and so is the unnamed one when Parse/Describe and Bind/Execute are two round trips.
            // Vert.x's layer-7-proxy mode sends Parse/Bind/Execute of the unnamed statement before one Sync; no
            // statement cache and one command in flight per connection keep every command on one server connection.
            props.put("quarkus.datasource.reactive.postgresql.use-layer7-proxy", "true");
            props.put("quarkus.datasource.reactive.cache-prepared-statements", "false");
            props.put("quarkus.datasource.reactive.postgresql.pipelining-limit", "1");
            if (migration == null) {
                throw new IllegalArgumentException("DATABASE_URL goes through a transaction-mode pooler (" + poolerReason(service)
                        + "); Flyway needs a session connection for its advisory lock: set SENSEI_DB_MIGRATION_URL (or DIRECT_URL) "
                        + "to the direct URL (Supabase: db.<ref>.supabase.co:5432) or the session pooler (port 5432)");
            }
            if (pooler(migration, null) == Pooler.TRANSACTION) {
                throw new IllegalArgumentException(migrationVariable + " must be a session connection, not a transaction pooler ("
                        + poolerReason(migration) + ")");
            }
        }

        DatabaseUrl flyway = migration == null ? service : migration;
        String flywayCa = flyway.sslRootCert() != null ? flyway.sslRootCert() : caFile;
        requireCaForVerify(flyway, flywayCa, migration == null ? "DATABASE_URL" : migrationVariable);
        String jdbcUrl = flyway.jdbcUrl(flywayCa);
        // the JDBC datasource exists only for Flyway: point both at the session connection
        props.put("quarkus.datasource.jdbc.url", jdbcUrl);
        if (migration != null) {
            props.put("quarkus.flyway.jdbc-url", jdbcUrl);
            putIfNotNull(props, "quarkus.flyway.username", migration.username() != null ? migration.username() : service.username());
            putIfNotNull(props, "quarkus.flyway.password", migration.username() != null ? migration.password() : service.password());
        }
        return props;
    }

    /** The pooler mode for {@code url}, from {@code SENSEI_DB_POOLER} when set, else from the URL itself. */
    public static Pooler pooler(DatabaseUrl url, String configured) {
        if (configured != null && !configured.isBlank()) {
            try {
                return Pooler.valueOf(configured.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("SENSEI_DB_POOLER must be transaction, session or none, not '" + configured + "'");
            }
        }
        return url.pgbouncer() || url.port() == TRANSACTION_POOLER_PORT ? Pooler.TRANSACTION : Pooler.NONE;
    }

    private static String poolerReason(DatabaseUrl url) {
        return url.pgbouncer() ? "pgbouncer=true" : url.port() == TRANSACTION_POOLER_PORT ? "port 6543" : "SENSEI_DB_POOLER=transaction";
    }

    private static Map<String, String> reactiveTls(DatabaseUrl url, String envCa) {
        Map<String, String> props = new LinkedHashMap<>();
        String mode = url.sslMode();
        if (mode == null) {
            return props;
        }
        String ca = url.sslRootCert() != null ? url.sslRootCert() : envCa;
        requireCaForVerify(url, ca, "DATABASE_URL");
        props.put("quarkus.datasource.reactive.postgresql.ssl-mode", mode);
        if (mode.equals("disable")) {
            return props;
        }
        if (ca != null) {
            props.put("quarkus.datasource.reactive.trust-certificate-pem", "true");
            props.put("quarkus.datasource.reactive.trust-certificate-pem.certs", ca);
        } else {
            // libpq's require/prefer without a root certificate: encrypted, the server is not verified
            props.put("quarkus.datasource.reactive.trust-all", "true");
        }
        if (mode.equals("verify-full")) {
            props.put("quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS");
        }
        return props;
    }

    private static void requireCaForVerify(DatabaseUrl url, String ca, String variable) {
        if (url.sslMode() != null && url.sslMode().startsWith("verify") && ca == null) {
            throw new IllegalArgumentException(variable + " has sslmode=" + url.sslMode() + " but no CA to verify against: "
                    + "set SENSEI_DB_CA (Supabase: the certificate from Database settings → SSL) or add sslrootcert=<file>");
        }
    }

    /** A PEM given inline (platforms that only have env vars) is written to a private temp file; a path is checked. */
    static String caFile(String ca) {
        if (ca == null) {
            return null;
        }
        if (ca.startsWith("-----BEGIN")) {
            try {
                Path file = Files.createTempFile("sensei-db-ca-", ".pem",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                file.toFile().deleteOnExit();
                Files.writeString(file, ca.replace("\\n", "\n"), StandardCharsets.US_ASCII);
                return file.toString();
            } catch (IOException e) {
                throw new UncheckedIOException("could not write SENSEI_DB_CA to a temp file", e);
            }
        }
        if (!Files.isReadable(Path.of(ca))) {
            throw new IllegalArgumentException("SENSEI_DB_CA names a file that cannot be read: " + ca);
        }
        return ca;
    }

    private static DatabaseUrl parseAs(String variable, String url) {
        try {
            return DatabaseUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("DATABASE_URL", variable), e);
        }
    }

    private static String value(Function<String, String> env, String name) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static void putIfNotNull(Map<String, String> props, String key, String value) {
        if (value != null) {
            props.put(key, value);
        }
    }
}
