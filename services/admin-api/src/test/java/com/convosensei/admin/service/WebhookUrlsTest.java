package com.convosensei.admin.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookUrlsTest {

    private final WebhookUrls production = new WebhookUrls(List.of("hooks.slack.com"), false);
    private final WebhookUrls local = new WebhookUrls(List.of("hooks.slack.com", " Chat.Example.org "), true);

    @Test
    void production__onlyHttpsToTheAllowedHosts() {
        assertThat(production.problem("https://hooks.slack.com/services/T0/B0/x")).isNull();
        assertThat(production.problem("https://HOOKS.slack.com/services/T0/B0/x")).isNull();
        assertThat(production.problem("https://hooks.slack.com:443/services/x")).isNull();
        assertThat(production.problem("http://hooks.slack.com/services/x")).contains("https");
        assertThat(production.problem("https://hooks.slack.com.evil.example/services/x")).contains("hooks.slack.com");
        assertThat(production.problem("https://evil.example/?u=hooks.slack.com")).contains("SENSEI_WEBHOOK_HOSTS");
        assertThat(production.problem("https://hooks.slack.com@evil.example/x")).isNotNull();
        assertThat(production.problem("https://hooks.slack.com:22/x")).contains("port");
        assertThat(production.problem("https://10.0.0.1/x")).isNotNull();
    }

    @Test
    void production__refusesThisMachine() {
        for (String url : List.of("http://127.0.0.1:8082/api/v1/settings", "https://localhost/x", "http://[::1]:5432/")) {
            assertThat(production.problem(url)).as(url).contains("SENSEI_WEBHOOK_ALLOW_LOOPBACK");
        }
    }

    @Test
    void whenEnabled__thisMachineOnAnyValidPort_andExtraHosts() {
        assertThat(local.problem("http://127.0.0.1:9/hook")).isNull();
        assertThat(local.problem("http://localhost:65535/hook")).isNull();
        assertThat(local.problem("https://chat.example.org/hook")).isNull();
        assertThat(local.problem("http://127.0.0.1:99999/hook")).contains("port between 1 and 65535");
        assertThat(local.problem("http://127.0.0.1:0/hook")).contains("port");
        assertThat(local.problem("ftp://127.0.0.1/hook")).isNotNull();
        assertThat(local.problem("not a url")).isEqualTo("must be a valid URL");
        assertThat(local.problem("https://" + "a".repeat(2100))).contains("2048");
    }
}
