package com.convosensei.db.migration;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns {@code sensei.db.migrate} and {@code sensei.db.migrate-only} (from any source: env {@code SENSEI_DB_MIGRATE},
 * {@code SENSEI_DB_MIGRATE_ONLY}, application.properties) into Quarkus' own switches:
 * <ul>
 *   <li>{@code validate}: {@code quarkus.flyway.migrate-at-start=false} ({@link SchemaVersionGuard} checks the version);</li>
 *   <li>migrate-only: {@code quarkus.flyway.migrate-at-start=true} and {@code quarkus.init-and-exit=true} — Quarkus runs
 *       its init tasks (Flyway) and exits 0 before any startup observer, so no stream consumer or scheduler starts;</li>
 *   <li>{@code at-start} (default): nothing, the shared default {@code migrate-at-start=true} stays.</li>
 * </ul>
 * Ordinal 275, as {@code DatabaseUrlConfigSource}: above application.properties, below explicit
 * {@code QUARKUS_FLYWAY_*} environment variables.
 */
public class MigrateModeConfigSourceFactory implements ConfigSourceFactory {

    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(new PropertiesConfigSource(properties(value(context, MigrateMode.PROPERTY),
                value(context, MigrateMode.ONLY_PROPERTY)), "sensei-db-migrate", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** The Quarkus properties for the two settings as configured (null when unset). */
    public static Map<String, String> properties(String migrate, String migrateOnly) {
        MigrateMode mode = MigrateMode.parse(migrate);
        Map<String, String> props = new LinkedHashMap<>();
        if (MigrateMode.parseOnly(migrateOnly)) {
            props.put("quarkus.flyway.migrate-at-start", "true");
            props.put("quarkus.init-and-exit", "true");
        } else if (mode == MigrateMode.VALIDATE) {
            props.put("quarkus.flyway.migrate-at-start", "false");
        }
        return props;
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }
}
