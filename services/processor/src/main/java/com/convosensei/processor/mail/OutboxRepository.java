package com.convosensei.processor.mail;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The consumer's side of {@code email_outbox} (V13; producers use platform's {@code EmailQueue}). A claim is one
 * committed statement: due pending rows, locked with {@code skip locked} so two replicas never take the same row,
 * get {@code attempts + 1} and {@code next_attempt_at = now() + lease}. The lease is the claim: the row is not due
 * again until it runs out, so no transaction stays open across an SMTP conversation, and a replica that dies
 * mid-send only delays the email by the lease.
 */
@ApplicationScoped
public class OutboxRepository {

    /** A claimed email. {@code attempts} counts this attempt. */
    public record Claimed(long id, String kind, String recipient, String dedupeKey, JsonObject payload, int attempts,
            Instant createdAt) {
    }

    private final Pool pool;

    public OutboxRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Claimed>> claim(int limit, Duration lease) {
        return pool.preparedQuery("""
                        update email_outbox o
                        set attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
                        from (select id from email_outbox where status = 'pending' and next_attempt_at <= now()
                              order by next_attempt_at, id limit $1 for update skip locked) due
                        where o.id = due.id
                        returning o.id, o.kind, o.recipient, o.dedupe_key, o.payload, o.attempts, o.created_at""")
                .execute(Tuple.of(limit, (double) lease.toSeconds()))
                .map(rows -> {
                    List<Claimed> out = new ArrayList<>();
                    for (Row row : rows) {
                        Object payload = row.getValue("payload");
                        out.add(new Claimed(row.getLong("id"), row.getString("kind"), row.getString("recipient"),
                                row.getString("dedupe_key"), payload instanceof JsonObject o ? o : new JsonObject(),
                                row.getInteger("attempts"), row.getOffsetDateTime("created_at").toInstant()));
                    }
                    out.sort((a, b) -> Long.compare(a.id(), b.id()));
                    return out;
                });
    }

    public Uni<Void> markSent(long id) {
        return pool.preparedQuery("""
                        update email_outbox set status = 'sent', sent_at = now(), last_error = null where id = $1""")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Pending again at {@code nextAttemptAt}, with the reason this attempt failed. */
    public Uni<Void> retryAt(long id, Instant nextAttemptAt, String error) {
        return pool.preparedQuery("""
                        update email_outbox set next_attempt_at = $2, last_error = $3 where id = $1 and status = 'pending'""")
                .execute(Tuple.of(id, nextAttemptAt.atOffset(java.time.ZoneOffset.UTC), truncate(error)))
                .replaceWithVoid();
    }

    /** Given up: attempts used up, or an email that can never be sent (its payload cannot be rendered). */
    public Uni<Void> markFailed(long id, String error) {
        return pool.preparedQuery("update email_outbox set status = 'failed', last_error = $2 where id = $1")
                .execute(Tuple.of(id, truncate(error))).replaceWithVoid();
    }

    private static String truncate(String s) {
        return s == null ? null : s.length() > 2000 ? s.substring(0, 2000) : s;
    }
}
