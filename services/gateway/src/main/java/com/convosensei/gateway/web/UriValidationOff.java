package com.convosensei.gateway.web;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import java.util.List;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Quarkus' root HTTP handler refuses a URI that {@code java.net.URI} cannot parse ({@code %zz}, a raw space...) with a
 * bare 400 before any route runs, so no error envelope is possible. The gateway turns that check off
 * ({@code vertx.disableURIValidation}, read by Quarkus when the HTTP server is set up) and refuses such URIs itself
 * in {@link EdgeRules}, in the envelope. Done from a config source factory because it is the first gateway code
 * Quarkus runs, before the HTTP server exists; it adds no configuration.
 */
public class UriValidationOff implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        System.setProperty("vertx.disableURIValidation", "true");
        return List.of();
    }
}
