package com.convosensei.processor.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Without SENSEI_SMTP_HOST the sender is off: its schedule claims nothing, so queued emails stay pending. */
class OutboxSenderOffTest {

    static MailConfig config(Optional<String> host) {
        return new MailConfig() {
            @Override
            public Optional<String> host() {
                return host;
            }

            @Override
            public Optional<String> tls() {
                return Optional.empty();
            }

            @Override
            public String every() {
                return "10s";
            }

            @Override
            public int batchSize() {
                return 10;
            }

            @Override
            public Duration lease() {
                return Duration.ofMinutes(5);
            }

            @Override
            public Duration sendTimeout() {
                return Duration.ofSeconds(30);
            }

            @Override
            public int maxAttempts() {
                return 8;
            }

            @Override
            public Duration backoffBase() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration backoffMax() {
                return Duration.ofHours(1);
            }

            @Override
            public String weeklyCron() {
                return "off";
            }
        };
    }

    @Test
    void withoutAHost__theScheduledRoundTouchesNothing() {
        // no outbox, renderer or mailer at all: a round that tried to claim would throw
        OutboxSender off = new OutboxSender(null, null, null, config(Optional.empty()), "Sensei <s@x>");
        assertThat(off.enabled()).isFalse();
        off.scheduled().await().atMost(Duration.ofSeconds(1));
        assertThat(new OutboxSender(null, null, null, config(Optional.of(" ")), "x").enabled()).isFalse();
        assertThat(new OutboxSender(null, null, null, config(Optional.of("smtp.resend.com")), "x").enabled()).isTrue();
    }

    @Test
    void backoff__isBaseTimesTwoToTheRetries_cappedAtTheMaximum() {
        OutboxSender s = new OutboxSender(null, null, null, config(Optional.of("h")), "x");
        assertThat(s.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.backoff(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.backoff(7)).isEqualTo(Duration.ofMinutes(32));
        assertThat(s.backoff(8)).isEqualTo(Duration.ofHours(1));
    }
}
