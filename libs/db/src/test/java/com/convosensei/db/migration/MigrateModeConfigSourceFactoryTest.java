package com.convosensei.db.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two settings become Quarkus' own Flyway and init-and-exit switches, over the shared default. */
class MigrateModeConfigSourceFactoryTest {

    @Test
    void unset__keepsMigratingAtStart() {
        SmallRyeConfig config = config(Map.of());
        assertThat(config.getValue("quarkus.flyway.migrate-at-start", Boolean.class)).isTrue();
        assertThat(config.getOptionalValue("quarkus.init-and-exit", Boolean.class)).isEmpty();
    }

    @Test
    void validate__turnsMigrateAtStartOff() {
        SmallRyeConfig config = config(Map.of("sensei.db.migrate", "validate"));
        assertThat(config.getValue("quarkus.flyway.migrate-at-start", Boolean.class)).isFalse();
        assertThat(config.getOptionalValue("quarkus.init-and-exit", Boolean.class)).isEmpty();
    }

    @Test
    void migrateOnly__migratesAndExits__evenOverValidate() {
        SmallRyeConfig config = config(Map.of("sensei.db.migrate", "validate", "sensei.db.migrate-only", "true"));
        assertThat(config.getValue("quarkus.flyway.migrate-at-start", Boolean.class)).isTrue();
        assertThat(config.getValue("quarkus.init-and-exit", Boolean.class)).isTrue();
    }

    @Test
    void typo__isRefused() {
        assertThatThrownBy(() -> config(Map.of("sensei.db.migrate", "validated")))
                .hasMessage("SENSEI_DB_MIGRATE must be at-start or validate, not 'validated'");
        assertThatThrownBy(() -> config(Map.of("sensei.db.migrate-only", "yes")))
                .hasMessage("SENSEI_DB_MIGRATE_ONLY must be true or false, not 'yes'");
    }

    private static SmallRyeConfig config(Map<String, String> settings) {
        return new SmallRyeConfigBuilder()
                // the shared default (libs/db microprofile-config.properties, ordinal 100) and a service's settings
                .withSources(new PropertiesConfigSource(Map.of("quarkus.flyway.migrate-at-start", "true"), "defaults", 100))
                .withSources(new PropertiesConfigSource(settings, "application.properties", 250))
                .withSources(new MigrateModeConfigSourceFactory())
                .build();
    }
}
