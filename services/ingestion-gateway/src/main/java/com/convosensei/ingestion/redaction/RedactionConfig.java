package com.convosensei.ingestion.redaction;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** What intake replaces by tokens before anything is streamed or stored ({@code sensei.redact.*}). */
@ConfigMapping(prefix = "sensei.redact")
public interface RedactionConfig {

    /**
     * Comma-separated kinds ({@code SENSEI_REDACT}): card, iban, national_id, driver_license, email, phone, address,
     * ip, secret; {@code none} turns redaction off.
     */
    @WithDefault("card,iban,national_id")
    String kinds();

    /**
     * Server secret the tokens are keyed with ({@code SENSEI_PRIVACY_SECRET}); must be the same on every ingestion
     * replica or one value gets several tokens. Unset: a fixed development secret, with a warning at start.
     */
    Optional<String> secret();
}
