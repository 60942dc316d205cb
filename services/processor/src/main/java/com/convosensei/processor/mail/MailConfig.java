package com.convosensei.processor.mail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The email outbox sender and the weekly summary (docs/email.md). SMTP itself is {@code quarkus.mailer.*}, set from
 * {@code SENSEI_SMTP_*} in application.properties and {@link SmtpTlsConfigSourceFactory}.
 */
@ConfigMapping(prefix = "sensei.mail")
public interface MailConfig {

    /** {@code SENSEI_SMTP_HOST}; unset: nothing is sent and queued emails wait in the outbox. */
    Optional<String> host();

    /**
     * {@code starttls}, {@code tls} or {@code none} ({@code SENSEI_SMTP_TLS} wins); read at start-up by
     * {@link SmtpTlsConfigSourceFactory}, declared here so the name is known.
     */
    Optional<String> tls();

    /** How often the sender looks for due emails ("off" disables the schedule). */
    @WithDefault("10s")
    String every();

    /** Emails claimed per round (each is sent one after the other). */
    @WithDefault("10")
    int batchSize();

    /**
     * How long a claimed email is reserved for the replica that claimed it. Longer than a send can take: a replica
     * that dies mid-send lets the email become due again after this, for another replica to send.
     */
    @WithDefault("5m")
    Duration lease();

    /** One SMTP send may take at most this long before it counts as failed. */
    @WithDefault("30s")
    Duration sendTimeout();

    /** Attempts before an email is marked failed for good. */
    @WithDefault("8")
    int maxAttempts();

    /** Delay before the first retry; each further retry doubles it, up to {@link #backoffMax()}. */
    @WithDefault("30s")
    Duration backoffBase();

    @WithDefault("1h")
    Duration backoffMax();

    /** Quartz cron (UTC) of the weekly summary ("off" disables). Default: Mondays 08:00 UTC. */
    @WithDefault("0 0 8 ? * MON")
    String weeklyCron();
}
