package com.convosensei.processor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Slack is outside Sensei: no alert text carries an email, a phone or a full user id. */
class AlertMessagesTest {

    private final AlertMessages messages = new AlertMessages("https://sensei.test/");

    @Test
    void health__userEmail__masked_domainKept() {
        UUID id = UUID.randomUUID();
        String json = messages.health(AlertEvent.health(id, 22, 70.0, 40, "Frustrated, asked for a human."),
                new AlertRepository.ConversationInfo("chat-1", "production", 22.0, "jane.doe@example.com")).toJson();
        assertThat(json).doesNotContain("jane.doe").contains("j***@example.com").contains("chat-1")
                .contains("https://sensei.test/conversations/" + id);
    }

    @Test
    void failure__piiInIdsExplanationAndExcerpt__masked() {
        AlertEvent e = AlertEvent.failure(UUID.randomUUID(), null, "pii_exposure", "critical", 0.95,
                "Assistant told bob@corp.example to call +44 7700 900123.", "mail me at alice.w@example.org", 30.0);
        String json = messages.failure(e, new AlertRepository.ConversationInfo("support-carl.jones@example.net",
                "production", 30.0, "+1 415 555 0132")).toJson();
        assertThat(json).doesNotContain("bob@corp", "7700 900123", "alice.w@", "carl.jones@", "415 555 0132")
                .contains("b***@corp.example", "a***@example.org", "s***@example.net");
    }

    @Test
    void digest__conversationIdsWithEmails__masked() {
        String json = messages.digest(List.of(new AlertRepository.Digested(UUID.randomUUID(), AlertEvent.KIND_FAILURE,
                UUID.randomUUID(), "agent_refusal", "high", "ann.lee@example.com-7", java.time.Instant.now())), 5).toJson();
        assertThat(json).doesNotContain("ann.lee@").contains("a***@example.com");
    }

    @Test
    void userLabel__plainIds_lastFourOnly() {
        assertThat(AlertMessages.userLabel("user-829341")).isEqualTo("\u20269341");
        assertThat(AlertMessages.userLabel("u1")).isEqualTo("\u2026");
        assertThat(AlertMessages.userLabel("tom@example.com")).isEqualTo("t***@example.com");
    }
}
