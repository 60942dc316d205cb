package com.convosensei.admin.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Outgoing Slack webhook calls ({@code sensei.slack.*}) and the public URL links in messages point to. */
@ConfigMapping(prefix = "sensei.slack")
public interface SlackConfig {

    @WithDefault("3s")
    Duration connectTimeout();

    @WithDefault("5s")
    Duration requestTimeout();

    /** Base URL of the dashboard for "Open Sensei" buttons (env {@code SENSEI_PUBLIC_URL}); no button when unset. */
    Optional<String> publicUrl();

    /** Hosts a webhook URL may point at, https only (env {@code SENSEI_WEBHOOK_HOSTS}, comma-separated). */
    @WithDefault("hooks.slack.com")
    List<String> webhookHosts();

    /** Allow webhooks on this machine (a local Slack stand-in; env {@code SENSEI_WEBHOOK_ALLOW_LOOPBACK}). */
    @WithDefault("false")
    boolean allowLoopback();
}
