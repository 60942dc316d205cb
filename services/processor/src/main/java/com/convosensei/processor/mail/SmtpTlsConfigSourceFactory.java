package com.convosensei.processor.mail;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * {@code SENSEI_SMTP_TLS} (or {@code sensei.mail.tls}) as the two mailer settings it stands for:
 * {@code starttls} (default; port 587: plain connect, then STARTTLS, required), {@code tls} (port 465: TLS from the
 * first byte), {@code none} (a local relay or a test server; never across the internet). Anything else stops the
 * start-up with a message naming the setting.
 */
public class SmtpTlsConfigSourceFactory implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String mode = value(context, "SENSEI_SMTP_TLS", "sensei.mail.tls");
        Map<String, String> props = switch (mode == null ? "starttls" : mode.trim().toLowerCase(Locale.ROOT)) {
            case "starttls" -> Map.of("quarkus.mailer.tls", "false", "quarkus.mailer.start-tls", "REQUIRED");
            case "tls" -> Map.of("quarkus.mailer.tls", "true", "quarkus.mailer.start-tls", "DISABLED");
            case "none" -> Map.of("quarkus.mailer.tls", "false", "quarkus.mailer.start-tls", "DISABLED");
            default -> throw new IllegalArgumentException(
                    "SENSEI_SMTP_TLS must be starttls, tls or none, not '" + mode + "'");
        };
        // above application.properties: derived from SENSEI_SMTP_TLS, not meant to be set by hand
        return List.of(new MapBackedConfigSource("sensei-smtp-tls", props, 270) {
        });
    }

    private static String value(ConfigSourceContext context, String env, String property) {
        for (String name : new String[] {env, property}) {
            ConfigValue v = context.getValue(name);
            if (v != null && v.getValue() != null && !v.getValue().isBlank()) {
                return v.getValue();
            }
        }
        return null;
    }
}
