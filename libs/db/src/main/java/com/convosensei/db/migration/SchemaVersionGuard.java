package com.convosensei.db.migration;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;

/**
 * In {@code SENSEI_DB_MIGRATE=validate} mode, the first thing every service does at start: refuse to run (startup
 * fails, the process exits non-zero, Kubernetes shows CrashLoopBackOff with the reason in the log) unless the database
 * is at exactly the schema version this build packages. Runs before every other startup observer, so no consumer
 * or scheduler touches a schema it does not know.
 */
@ApplicationScoped
public class SchemaVersionGuard {

    private final String migrate;
    private final Instance<Flyway> flyway;

    public SchemaVersionGuard(@ConfigProperty(name = MigrateMode.PROPERTY, defaultValue = "at-start") String migrate,
                              Instance<Flyway> flyway) {
        this.migrate = migrate;
        this.flyway = flyway;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (MigrateMode.parse(migrate) != MigrateMode.VALIDATE) {
            return;
        }
        try {
            SchemaVersionCheck.Versions versions = SchemaVersionCheck.require(flyway.get());
            Log.infof("database schema is at V%s, as this build expects (SENSEI_DB_MIGRATE=validate)", versions.expected());
        } catch (SchemaVersionCheck.SchemaVersionMismatchException e) {
            Log.errorf("refusing to start: %s", e.getMessage());
            throw e;
        }
    }
}
