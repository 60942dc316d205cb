package com.convosensei.admin.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Local login and its brute-force protection ({@code sensei.admin.*}). */
@ConfigMapping(prefix = "sensei.admin")
public interface AdminConfig {

    /** The one local admin account (env {@code SENSEI_ADMIN_EMAIL}). */
    String email();

    /** Its password (env {@code SENSEI_ADMIN_PASSWORD}); unset or empty disables local login. */
    Optional<String> password();

    /** Lifetime of a token issued by local login. */
    @WithDefault("12h")
    Duration tokenTtl();

    Lockout lockout();

    interface Lockout {
        /** Failed logins for one email + client address within {@link #window()} before further tries get 429. */
        @WithDefault("5")
        int maxFailures();

        /**
         * Failed logins from one client address (any email) within {@link #window()} before that address gets 429;
         * bounds password spraying across emails from one address.
         */
        @WithDefault("20")
        int maxFailuresPerAddress();

        @WithDefault("15m")
        Duration window();

        /** Every failed login answers only after this delay (slows guessing; non-blocking). */
        @WithDefault("400ms")
        Duration failureDelay();
    }
}
