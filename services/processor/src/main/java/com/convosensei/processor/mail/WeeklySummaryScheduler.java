package com.convosensei.processor.mail;

import com.convosensei.platform.auth.RolePolicy;
import com.convosensei.platform.auth.Roles;
import com.convosensei.platform.email.EmailQueue;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Queues the weekly summary (cron {@code sensei.mail.weekly-cron}, UTC) for every admin who opted in. Every replica's
 * scheduler fires; the dedupe key {@code weekly_summary:<subject>:<ISO week>} makes one row per admin per week, so
 * exactly one email goes out whatever the number of replicas. The period is the 7 days before today 00:00 UTC.
 */
@ApplicationScoped
public class WeeklySummaryScheduler {

    /** An admin who opted in, as stored. */
    record Recipient(String subject, String email) {
    }

    private final Pool pool;
    private final RolePolicy roles;
    private final EmailQueue queue;

    public WeeklySummaryScheduler(Pool pool, RolePolicy roles, EmailQueue queue) {
        this.pool = pool;
        this.roles = roles;
        this.queue = queue;
    }

    @Scheduled(identity = "mail-weekly-summary", cron = "${sensei.mail.weekly-cron}", timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> weekly() {
        return enqueueWeek(Instant.now())
                .invoke(n -> Log.infof("weekly summary: %d email(s) queued", n))
                .onFailure().recoverWithItem(e -> {
                    Log.errorf(e, "could not queue the weekly summary");
                    return 0;
                })
                .replaceWithVoid();
    }

    /** Queues this week's summary for each opted-in admin; returns how many rows this call added. */
    public Uni<Integer> enqueueWeek(Instant now) {
        Instant periodEnd = now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        String week = SummaryView.isoWeek(now);
        return recipients().onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(r -> queue.enqueue(EmailQueue.WEEKLY_SUMMARY, r.email(),
                        "weekly_summary:" + r.subject() + ":" + week,
                        new JsonObject().put("subject", r.subject()).put("period_end", periodEnd.toString())))
                .collect().asList()
                .map(added -> (int) added.stream().filter(Boolean::booleanValue).count());
    }

    /**
     * Opted-in people with an address whose role is admin now, decided as every request decides it ({@link RolePolicy}:
     * the token's claim as last seen, the allowlist, the stored role).
     */
    Uni<List<Recipient>> recipients() {
        return pool.query("""
                        select subject, email, role, claimed_role from user_profiles
                        where weekly_summary_opt_in and email is not null order by subject""")
                .execute()
                .map(rows -> {
                    List<Recipient> out = new ArrayList<>();
                    rows.forEach(r -> {
                        boolean admin = roles.decide(r.getString("claimed_role"), r.getString("email"), r.getString("role"))
                                .map(d -> d.role().equals(Roles.ADMIN)).orElse(false);
                        if (admin) {
                            out.add(new Recipient(r.getString("subject"), r.getString("email")));
                        }
                    });
                    return out;
                });
    }
}
