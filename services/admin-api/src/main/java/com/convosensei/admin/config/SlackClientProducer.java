package com.convosensei.admin.config;

import com.convosensei.platform.slack.SlackWebhookClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** One JDK HTTP client (one connection pool) for every webhook call of this service. */
@ApplicationScoped
public class SlackClientProducer {

    @Produces
    @ApplicationScoped
    SlackWebhookClient slackWebhookClient(SlackConfig config) {
        return new SlackWebhookClient(config.connectTimeout(), config.requestTimeout());
    }
}
