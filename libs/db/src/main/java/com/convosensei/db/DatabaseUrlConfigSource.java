package com.convosensei.db;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The one place that translates {@code DATABASE_URL} into Quarkus datasource settings. Its ordinal (275) sits above
 * application.properties (250) and below explicit environment variables and system properties (300, 400), so a set
 * {@code DATABASE_URL} wins over the local defaults while {@code QUARKUS_DATASOURCE_*} still override it.
 */
public class DatabaseUrlConfigSource implements ConfigSource {

    private final Map<String, String> properties;

    public DatabaseUrlConfigSource() {
        String url = System.getenv("DATABASE_URL");
        if (url == null || url.isBlank()) {
            url = System.getProperty("DATABASE_URL");
        }
        this.properties = url == null || url.isBlank() ? Map.of() : DatabaseUrl.parse(url).quarkusProperties();
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
