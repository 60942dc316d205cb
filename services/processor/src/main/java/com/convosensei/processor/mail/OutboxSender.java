package com.convosensei.processor.mail;

import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one sender of every email (docs/email.md): every few seconds it claims a small batch of due outbox rows
 * ({@link OutboxRepository#claim}: one replica per row), renders each and sends it over SMTP, one after the other.
 * A failed send stays pending with an exponentially later {@code next_attempt_at} and the error in
 * {@code last_error}; after {@code sensei.mail.max-attempts} it is marked failed. An SMTP outage therefore delays
 * mail only: nothing waits for it, and the stream consumers never touch it. Without {@code SENSEI_SMTP_HOST} the
 * sender is off (said once at start) and queued emails wait.
 */
@ApplicationScoped
public class OutboxSender {

    /** What one round did. */
    public record Round(int sent, int retrying, int failed) {
    }

    private final OutboxRepository outbox;
    private final MailRenderer renderer;
    private final ReactiveMailer mailer;
    private final MailConfig config;
    private final String from;

    public OutboxSender(OutboxRepository outbox, MailRenderer renderer, ReactiveMailer mailer, MailConfig config,
            @ConfigProperty(name = "quarkus.mailer.from") String from) {
        this.outbox = outbox;
        this.renderer = renderer;
        this.mailer = mailer;
        this.config = config;
        this.from = from;
    }

    void announce(@Observes StartupEvent event) {
        if (enabled()) {
            Log.infof("email: sending through %s as %s, every %s", config.host().get(), from, config.every());
        } else {
            Log.info("email: off (SENSEI_SMTP_HOST is not set); emails stay queued in email_outbox until it is");
        }
    }

    public boolean enabled() {
        return config.host().filter(h -> !h.isBlank()).isPresent();
    }

    @Scheduled(identity = "mail-outbox", every = "${sensei.mail.every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (!enabled()) {
            return Uni.createFrom().voidItem();
        }
        return sendDue().onFailure().recoverWithItem(e -> {
            Log.warnf("email outbox round failed (%s); next round retries", e.toString());
            return null;
        }).replaceWithVoid();
    }

    /** Claims one batch of due emails and sends them; rounds of an empty outbox cost one indexed statement. */
    public Uni<Round> sendDue() {
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger retrying = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        return outbox.claim(config.batchSize(), config.lease())
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> sendOne(row).invoke(outcome -> {
                    switch (outcome) {
                        case SENT -> sent.incrementAndGet();
                        case RETRY -> retrying.incrementAndGet();
                        case FAILED -> failed.incrementAndGet();
                    }
                }))
                .collect().last()
                .map(x -> new Round(sent.get(), retrying.get(), failed.get()));
    }

    enum Outcome { SENT, RETRY, FAILED }

    private Uni<Outcome> sendOne(OutboxRepository.Claimed row) {
        return renderer.render(row)
                .flatMap(rendered -> {
                    Mail mail = Mail.withHtml(row.recipient(), rendered.subject(), rendered.html()).setText(rendered.text());
                    rendered.headers().forEach(mail::addHeader);
                    return mailer.send(mail).ifNoItem().after(config.sendTimeout()).fail();
                })
                .flatMap(v -> outbox.markSent(row.id())
                        .invoke(() -> Log.infof("email %d (%s) sent, attempt %d", row.id(), row.kind(), row.attempts()))
                        .replaceWith(Outcome.SENT))
                .onFailure().recoverWithUni(e -> failed(row, e));
    }

    private Uni<Outcome> failed(OutboxRepository.Claimed row, Throwable e) {
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e instanceof UnrenderableMailException || row.attempts() >= config.maxAttempts()) {
            Log.errorf("email %d (%s) failed for good after %d attempt(s): %s", row.id(), row.kind(), row.attempts(), error);
            return outbox.markFailed(row.id(), error).replaceWith(Outcome.FAILED);
        }
        Instant next = Instant.now().plus(backoff(row.attempts()));
        Log.warnf("email %d (%s) not sent (attempt %d of %d), retrying at %s: %s", row.id(), row.kind(), row.attempts(),
                config.maxAttempts(), next, error);
        return outbox.retryAt(row.id(), next, error).replaceWith(Outcome.RETRY);
    }

    /** base, 2 base, 4 base, ... after the 1st, 2nd, 3rd failed attempt; at most {@code backoff-max}. */
    Duration backoff(int attempts) {
        long factor = 1L << Math.min(20, Math.max(0, attempts - 1));
        Duration d = config.backoffBase().multipliedBy(factor);
        return d.compareTo(config.backoffMax()) > 0 ? config.backoffMax() : d;
    }
}
