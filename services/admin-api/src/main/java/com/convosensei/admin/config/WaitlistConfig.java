package com.convosensei.admin.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The public waitlist ({@code sensei.waitlist.*}): links in the confirmation email, abuse limits, hashing. */
@ConfigMapping(prefix = "sensei.waitlist")
public interface WaitlistConfig {

    /** Base of the confirmation link ({@code SENSEI_PUBLIC_URL}: the gateway as users reach it), no trailing slash. */
    String publicUrl();

    /** Key of the client-address hashes ({@code ip_hash}, rate-limit counters); raw addresses are never stored. */
    String ipHashSecret();

    /** How long a confirmation link works. */
    @WithDefault("7d")
    Duration confirmTtl();

    /** A pending address signing up again gets a new confirmation email at most this often. */
    @WithDefault("1h")
    Duration resendAfter();

    /** Largest request body accepted by {@code POST /api/v1/waitlist} (bytes); more is 413. */
    @WithDefault("8192")
    int maxBodyBytes();

    RateLimit rateLimit();

    /** Sign-up attempts per client address, counted before validation (a flood of bad input is a flood too). */
    interface RateLimit {
        /** Attempts per address per calendar minute before 429. */
        @WithDefault("5")
        int perMinute();

        /** Attempts per address per calendar day (database time zone) before 429. */
        @WithDefault("50")
        int perDay();
    }
}
