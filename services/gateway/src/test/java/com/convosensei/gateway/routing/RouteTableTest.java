package com.convosensei.gateway.routing;

import static com.convosensei.gateway.routing.RouteTable.Upstream.ADMIN;
import static com.convosensei.gateway.routing.RouteTable.Upstream.DASHBOARD;
import static com.convosensei.gateway.routing.RouteTable.Upstream.INGESTION;
import static com.convosensei.gateway.routing.RouteTable.route;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTableTest {

    @Test
    void intakePaths__goToIngestion() {
        assertThat(route("POST", "/api/v1/conversations/track")).isEqualTo(INGESTION);
        assertThat(route("POST", "/api/v1/conversations/track/batch")).isEqualTo(INGESTION);
        assertThat(route("OPTIONS", "/api/v1/conversations/track")).isEqualTo(INGESTION);
    }

    @Test
    void feedback__goesToIngestion_butNotLookalikes() {
        assertThat(route("POST", "/api/v1/feedback")).isEqualTo(INGESTION);
        assertThat(route("POST", "/api/v1/feedback/batch")).isEqualTo(INGESTION);
        assertThat(route("OPTIONS", "/api/v1/feedback")).isEqualTo(INGESTION);
        assertThat(route("GET", "/api/v1/feedbacks")).isEqualTo(DASHBOARD);
        assertThat(route("GET", "/api/v1/conversations/5b0c/feedback")).isEqualTo(DASHBOARD);
    }

    @Test
    void otlpTracePaths__goToIngestion_publicOneRewrittenToTheServedPath() {
        assertThat(route("POST", "/v1/traces")).isEqualTo(INGESTION);
        assertThat(route("POST", "/api/public/otel/v1/traces")).isEqualTo(INGESTION);
        assertThat(com.convosensei.gateway.routing.RouteTable.upstreamPath("/api/public/otel/v1/traces"))
                .isEqualTo("/v1/traces");
        assertThat(com.convosensei.gateway.routing.RouteTable.upstreamPath("/v1/traces")).isEqualTo("/v1/traces");
        assertThat(route("POST", "/api/public/otel/v1/logs")).isEqualTo(DASHBOARD);
    }

    @Test
    void conversationReads__goToDashboard_evenWhenIdLooksLikeTrack() {
        assertThat(route("GET", "/api/v1/conversations")).isEqualTo(DASHBOARD);
        assertThat(route("GET", "/api/v1/conversations/5b0c/messages")).isEqualTo(DASHBOARD);
        assertThat(route("GET", "/api/v1/conversations/tracking-123")).isEqualTo(DASHBOARD);
    }

    @Test
    void administration__goesToAdmin() {
        assertThat(route("POST", "/api/v1/auth/login")).isEqualTo(ADMIN);
        assertThat(route("DELETE", "/api/v1/api-keys/1")).isEqualTo(ADMIN);
        assertThat(route("GET", "/api/v1/settings")).isEqualTo(ADMIN);
        assertThat(route("GET", "/api/v1/saved-views")).isEqualTo(ADMIN);
        assertThat(route("GET", "/api/v1/admin/dlq")).isEqualTo(ADMIN);
        assertThat(route("PUT", "/api/v1/members/abc/role")).isEqualTo(ADMIN);
        assertThat(route("GET", "/api/v1/auth/me")).isEqualTo(ADMIN);
        assertThat(route("GET", "/api/v1/authx")).isEqualTo(DASHBOARD);
    }

    @Test
    void ownPreferencesAndEmailLinks__goToAdmin() {
        assertThat(route("GET", "/api/v1/me/preferences")).isEqualTo(ADMIN);
        assertThat(route("PATCH", "/api/v1/me/preferences")).isEqualTo(ADMIN);
        assertThat(route("POST", "/api/v1/me/summary-email")).isEqualTo(ADMIN);
        // the unsubscribe link is opened without a token: the gateway passes it on, admin-api checks the signature
        assertThat(route("GET", "/api/v1/email/unsubscribe")).isEqualTo(ADMIN);
        assertThat(route("POST", "/api/v1/email/unsubscribe")).isEqualTo(ADMIN);
        assertThat(route("GET", "/api/v1/members")).isEqualTo(ADMIN);
        assertThat(route("GET", "/api/v1/metrics")).isEqualTo(DASHBOARD);
    }

    @Test
    void failuresAndAnalytics__splitByMethod() {
        assertThat(route("GET", "/api/v1/failures")).isEqualTo(DASHBOARD);
        assertThat(route("PATCH", "/api/v1/failures/abc")).isEqualTo(ADMIN);
        assertThat(route("POST", "/api/v1/failures/bulk-status")).isEqualTo(ADMIN);
        assertThat(route("GET", "/api/v1/analytics/patterns")).isEqualTo(DASHBOARD);
        assertThat(route("POST", "/api/v1/analytics/patterns/run")).isEqualTo(ADMIN);
    }

    @Test
    void erasureAndRetention__goToAdmin_whileConversationReadsStay() {
        assertThat(route("DELETE", "/api/v1/users/user-42")).isEqualTo(ADMIN);
        assertThat(route("DELETE", "/api/v1/conversations/5b0c")).isEqualTo(ADMIN);
        assertThat(route("GET", "/api/v1/conversations/5b0c")).isEqualTo(DASHBOARD);
        assertThat(route("GET", "/api/v1/retention")).isEqualTo(ADMIN);
        assertThat(route("PUT", "/api/v1/retention")).isEqualTo(ADMIN);
        assertThat(route("GET", "/api/v1/usersx")).isEqualTo(DASHBOARD);
    }
}
