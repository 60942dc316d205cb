package com.convosensei.platform.web;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import java.util.List;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Quarkus' root HTTP handler checks each request URI with java.net.URI and answers a bare, empty 400 when it fails
 * (a malformed escape such as "%zz") — outside the error envelope, before any route runs. That check is switched
 * off by the system property {@code vertx.disableURIValidation}, read once at start; {@link RequestGuard} makes the
 * same checks instead and answers them in the envelope. A config source factory runs before the HTTP server is
 * built, which is why the property is set from here.
 */
public class UriValidationOff implements ConfigSourceFactory {

    static final String PROPERTY = "vertx.disableURIValidation";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
        return List.of();
    }
}
