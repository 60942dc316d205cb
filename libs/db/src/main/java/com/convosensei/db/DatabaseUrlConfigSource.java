package com.convosensei.db;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands Quarkus the datasource settings {@link DatabaseSettings} derives from {@code DATABASE_URL} and its companions
 * ({@code SENSEI_DB_MIGRATION_URL}/{@code DIRECT_URL}, {@code SENSEI_DB_POOLER}, {@code SENSEI_DB_CA}), read from the
 * environment, else from system properties of the same name. Its ordinal (275) sits above
 * application.properties (250) and below explicit environment variables and system properties (300, 400), so a set
 * {@code DATABASE_URL} wins over the local defaults while {@code QUARKUS_DATASOURCE_*} still override it.
 */
public class DatabaseUrlConfigSource implements ConfigSource {

    private final Map<String, String> properties;

    public DatabaseUrlConfigSource() {
        this.properties = DatabaseSettings.quarkusProperties(name -> {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? System.getProperty(name) : value;
        });
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "sensei-DATABASE_URL";
    }

    @Override
    public int getOrdinal() {
        return 275;
    }
}
