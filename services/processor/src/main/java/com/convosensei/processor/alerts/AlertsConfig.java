package com.convosensei.processor.alerts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How alerts are delivered. What triggers them (severity, health threshold, cooldown, digest limit) is not here: it
 * lives in {@code app_settings.alert_thresholds}, edited on the Settings page.
 */
@ConfigMapping(prefix = "sensei.alerts")
public interface AlertsConfig {

    /** How often overflow alerts (status digested) are summarised into one digest message; "off" disables. */
    @WithDefault("60s")
    String digestEvery();

    /** Retries after the first attempt, for timeouts, 429 and 5xx answers. */
    @WithDefault("4")
    int maxRetries();

    /** First backoff delay; doubled each retry up to {@link #maxRetryDelay()}. A 429's Retry-After wins. */
    @WithDefault("500ms")
    Duration retryDelay();

    @WithDefault("30s")
    Duration maxRetryDelay();

    /** All attempts of one delivery together stop retrying after this long. */
    @WithDefault("90s")
    Duration maxRetryDuration();

    /** One HTTP attempt's budget (the Slack client has its own 5 s request timeout inside it). */
    @WithDefault("8s")
    Duration attemptTimeout();

    /** app_settings is read at most this often (the Settings page's changes show up within it). */
    @WithDefault("5s")
    Duration settingsCacheTtl();

    /** Conversations linked by name in a digest message. */
    @WithDefault("10")
    int digestSampleSize();
}
