package com.convosensei.platform.email;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;

/**
 * The producers' side of {@code email_outbox} (V13): queue an email under a dedupe key, once. Whoever asks, however
 * often and from however many replicas, one row per key exists, and the processor's mail sender is the only one
 * that sends. The pool is looked up lazily (as in {@code UserProfiles}) so services without a database never touch it.
 */
@ApplicationScoped
public class EmailQueue {

    public static final String WELCOME = "welcome";
    public static final String WEEKLY_SUMMARY = "weekly_summary";
    public static final String WAITLIST_CONFIRM = "waitlist_confirm";
    /** "Send me a summary now" is deduplicated per subject per window of this many seconds. */
    public static final long SUMMARY_NOW_WINDOW_SECONDS = 600;

    private final Instance<Pool> pool;

    public EmailQueue(Instance<Pool> pool) {
        this.pool = pool;
    }

    /** Queues the email unless a row with {@code dedupeKey} exists; true when this call queued it. */
    public Uni<Boolean> enqueue(String kind, String recipient, String dedupeKey, JsonObject payload) {
        return pool.get().preparedQuery("""
                        insert into email_outbox (kind, recipient, dedupe_key, payload) values ($1, $2, $3, $4)
                        on conflict (dedupe_key) do nothing""")
                .execute(Tuple.of(kind, recipient, dedupeKey, payload))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The welcome email, once per subject ever: {@code welcome:<subject>}. */
    public Uni<Boolean> enqueueWelcome(String subject, String email) {
        return enqueue(WELCOME, email, "welcome:" + subject, new JsonObject().put("subject", subject));
    }

    /**
     * A summary of the 7 days before now, for one admin: {@code weekly_summary:<subject>:now-<window>}, so repeated
     * clicks within {@link #SUMMARY_NOW_WINDOW_SECONDS} queue one email.
     */
    public Uni<Boolean> enqueueSummaryNow(String subject, String email) {
        Instant now = Instant.now();
        long window = now.getEpochSecond() / SUMMARY_NOW_WINDOW_SECONDS;
        return enqueue(WEEKLY_SUMMARY, email, "weekly_summary:" + subject + ":now-" + window,
                new JsonObject().put("subject", subject).put("period_end", now.toString()).put("on_demand", true));
    }
}
