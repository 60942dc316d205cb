package com.convosensei.db.migration;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Compares the database's schema version (the newest successful versioned entry of {@code flyway_schema_history})
 * with the newest migration this build packages (Flyway's resolved migrations under {@code db/migration}), without
 * migrating. Used by {@link SchemaVersionGuard} when {@code SENSEI_DB_MIGRATE=validate}.
 */
public final class SchemaVersionCheck {

    public static final String MIGRATION_JOB = "deploy/k8s/base/migrate-job.yaml";

    private SchemaVersionCheck() {
    }

    /** What the database holds and what this build expects; {@code database} is empty on a never-migrated database. */
    public record Versions(Optional<MigrationVersion> database, MigrationVersion expected) {

        public boolean matches() {
            return database.isPresent() && database.get().equals(expected);
        }

        /** Why a service must not run on this database, or empty when it may. */
        public Optional<String> problem() {
            if (database.isEmpty()) {
                return Optional.of("database has no Flyway schema history but this build expects V" + expected
                        + ": run the migration job (" + MIGRATION_JOB + ") first");
            }
            int order = database.get().compareTo(expected);
            if (order < 0) {
                return Optional.of("database schema is at V" + database.get() + " but this build expects V" + expected
                        + ": run the migration job (" + MIGRATION_JOB + ") first");
            }
            if (order > 0) {
                return Optional.of("database schema is newer (V" + database.get() + ") than this build (V" + expected
                        + "): roll forward this service");
            }
            return Optional.empty();
        }
    }

    public static Versions versions(Flyway flyway) {
        MigrationInfoService info = flyway.info();
        Comparator<MigrationVersion> order = Comparator.naturalOrder();
        MigrationVersion expected = Arrays.stream(info.all())
                .filter(m -> m.getVersion() != null && m.getState().isResolved())
                .map(MigrationInfo::getVersion)
                .max(order)
                .orElseThrow(() -> new IllegalStateException("this build packages no Flyway migration under "
                        + Arrays.toString(flyway.getConfiguration().getLocations())));
        Optional<MigrationVersion> database = Arrays.stream(info.applied())
                .filter(m -> m.getVersion() != null && !m.getState().isFailed())
                .map(MigrationInfo::getVersion)
                .max(order);
        return new Versions(database, expected);
    }

    /** Throws {@link SchemaVersionMismatchException} with the operator's next step unless the versions are equal. */
    public static Versions require(Flyway flyway) {
        Versions versions = versions(flyway);
        Optional<String> problem = versions.problem();
        if (problem.isPresent()) {
            throw new SchemaVersionMismatchException(problem.get());
        }
        return versions;
    }

    /** The database and this build disagree on the schema version. */
    public static final class SchemaVersionMismatchException extends IllegalStateException {
        public SchemaVersionMismatchException(String message) {
            super(message);
        }
    }
}
