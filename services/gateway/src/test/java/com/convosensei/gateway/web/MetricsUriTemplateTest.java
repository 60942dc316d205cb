package com.convosensei.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The gateway's uri tag: a few fixed values whatever ids and file names the paths carry. */
class MetricsUriTemplateTest {

    @Test
    void apiPaths__keepTheResource__dropIds() {
        String id = UUID.randomUUID().toString();
        assertThat(MetricsUriTemplate.template("/api/v1/conversations")).isEqualTo("/api/v1/conversations");
        assertThat(MetricsUriTemplate.template("/api/v1/conversations/" + id)).isEqualTo("/api/v1/conversations/*");
        assertThat(MetricsUriTemplate.template("/api/v1/conversations/" + id + "/messages")).isEqualTo("/api/v1/conversations/*");
        assertThat(MetricsUriTemplate.template("/api/v1/conversations/track")).isEqualTo("/api/v1/conversations/track");
        assertThat(MetricsUriTemplate.template("/api/v1/conversations/track/batch")).isEqualTo("/api/v1/conversations/track/batch");
        assertThat(MetricsUriTemplate.template("/api/v1/api-keys/" + id)).isEqualTo("/api/v1/api-keys/*");
        assertThat(MetricsUriTemplate.template("/api/v1/" + id)).as("an unknown resource").isEqualTo("/api/v1/*");
        assertThat(MetricsUriTemplate.template("/api/v2/x")).isEqualTo("/api/*");
    }

    @Test
    void otlpAssetsAndPages__fixedValues_qPathsUntouched() {
        assertThat(MetricsUriTemplate.template("/v1/traces")).isEqualTo("/v1/traces");
        assertThat(MetricsUriTemplate.template("/api/public/otel/v1/traces")).isEqualTo("/api/public/otel/v1/traces");
        assertThat(MetricsUriTemplate.template("/assets/app-3f9a.js")).isEqualTo("/assets/*");
        assertThat(MetricsUriTemplate.template("/config.json")).isEqualTo("/config.json");
        assertThat(MetricsUriTemplate.template("/")).isEqualTo("/");
        assertThat(MetricsUriTemplate.template("/conversations/123")).isEqualTo("/*");
        assertThat(MetricsUriTemplate.template("/q/health/live")).isNull();
    }
}
