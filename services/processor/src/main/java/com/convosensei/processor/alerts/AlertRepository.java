package com.convosensei.processor.alerts;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code alerts} table: every alert decision is a row (sent, recorded, suppressed, digested, failed).
 * Decisions that count other rows (cooldown, digest limit) run under one transaction-scoped advisory lock so two
 * replicas deciding at the same moment cannot both send.
 */
@ApplicationScoped
public class AlertRepository {

    /** pg_advisory_xact_lock key serialising alert decisions across replicas (arbitrary constant). */
    static final long DECISION_LOCK = 0x5E45E1A1E7L;

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String RECORDED = "recorded";
    public static final String SUPPRESSED = "suppressed";
    public static final String DIGESTED = "digested";
    public static final String FAILED = "failed";

    private final Pool pool;

    public AlertRepository(Pool pool) {
        this.pool = pool;
    }

    /** What {@link #decide} did with an event. {@code send} = the caller must now deliver row {@code id}. */
    public record Decision(UUID id, String status, boolean send, boolean duplicate) {
    }

    /** A conversation as an alert message shows it. */
    public record ConversationInfo(String externalId, String environment, Double healthScore, String userId) {
    }

    /**
     * Records the decision for one event, in one transaction:
     * <ol>
     *   <li>a row with the same dedupe key exists: if it is this very event's row and was not delivered yet (a
     *   redelivered stream entry), delivery resumes; otherwise the event is a duplicate and nothing happens;</li>
     *   <li>no webhook: {@code recorded};</li>
     *   <li>an alert of the same kind and type was sent (or is being sent) within the cooldown: {@code suppressed};</li>
     *   <li>the last minute already had {@code digestAfterPerMinute} individual alerts: {@code digested};</li>
     *   <li>otherwise {@code pending}: the caller sends it.</li>
     * </ol>
     * The conversation (or failure) may have been deleted since scoring: a missing conversation records nothing, a
     * missing failure leaves {@code failure_id} null.
     */
    public Uni<Decision> decide(AlertEvent event, AlertSettings settings, JsonObject payload) {
        return pool.withTransaction(conn -> conn.preparedQuery("select pg_advisory_xact_lock($1)")
                .execute(Tuple.of(DECISION_LOCK))
                .chain(() -> conn.preparedQuery("select id, status, payload ->> 'event_id' as event_id from alerts where dedupe_key = $1")
                        .execute(Tuple.of(event.dedupeKey())))
                .chain(existing -> {
                    if (existing.iterator().hasNext()) {
                        Row row = existing.iterator().next();
                        String status = row.getString("status");
                        boolean mine = event.eventId().toString().equals(row.getString("event_id"));
                        boolean resumable = mine && (PENDING.equals(status) || FAILED.equals(status));
                        return Uni.createFrom().item(new Decision(row.getUUID("id"), status, resumable, !mine));
                    }
                    return status(conn, event, settings).chain(status -> insert(conn, event, status, payload));
                }));
    }

    private Uni<String> status(SqlConnection conn, AlertEvent event, AlertSettings settings) {
        if (settings.webhookUrl() == null) {
            return Uni.createFrom().item(RECORDED);
        }
        Uni<Boolean> cooling = settings.cooldownMinutes() <= 0 ? Uni.createFrom().item(false)
                : conn.preparedQuery("""
                        select exists (select 1 from alerts
                                       where kind = $1 and failure_type is not distinct from $2
                                         and status in ('pending', 'sent')
                                         and created_at > now() - make_interval(mins => $3)) as cooling""")
                .execute(Tuple.of(event.kind(), event.failureType(), settings.cooldownMinutes()))
                .map(rows -> rows.iterator().next().getBoolean("cooling"));
        return cooling.chain(cool -> {
            if (cool) {
                return Uni.createFrom().item(SUPPRESSED);
            }
            return conn.preparedQuery("""
                            select count(*) as n from alerts
                            where kind in ('failure', 'health') and status in ('pending', 'sent', 'failed')
                              and created_at > now() - interval '1 minute'""")
                    .execute()
                    .map(rows -> rows.iterator().next().getLong("n") >= settings.digestAfterPerMinute() ? DIGESTED : PENDING);
        });
    }

    private Uni<Decision> insert(SqlConnection conn, AlertEvent event, String status, JsonObject payload) {
        return conn.preparedQuery("""
                        insert into alerts (dedupe_key, kind, conversation_id, failure_id, failure_type, severity, status,
                                            payload)
                        select $1, $2, c.id, (select f.id from failures f where f.id = $4), $5, $6, $7, $8::text::jsonb
                        from conversations c where c.id = $3
                        returning id""")
                .execute(Tuple.from(new Object[] {event.dedupeKey(), event.kind(), event.conversationId(),
                        event.failureId(), event.failureType(), event.severity(), status, payload.encode()}))
                .map(rows -> rows.iterator().hasNext()
                        ? new Decision(rows.iterator().next().getUUID("id"), status, PENDING.equals(status), false)
                        : new Decision(null, "conversation_deleted", false, false));
    }

    public Uni<ConversationInfo> conversation(UUID id) {
        return pool.preparedQuery("select external_id, environment, health_score, user_id from conversations where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new ConversationInfo(r.getString("external_id"), r.getString("environment"),
                            r.getDouble("health_score"), r.getString("user_id"));
                });
    }

    /** Stores the Slack message actually sent (for the admin's alert list). */
    public Uni<Void> attachMessage(UUID id, JsonObject message) {
        return pool.preparedQuery("update alerts set payload = coalesce(payload, '{}'::jsonb) || jsonb_build_object('message', $2::text::jsonb) where id = $1")
                .execute(Tuple.of(id, message.encode()))
                .replaceWithVoid();
    }

    /** Records a delivery outcome; attempts accumulate across redeliveries of the same entry. */
    public Uni<Void> recordDelivery(UUID id, String status, int attempts, Integer responseStatus, String responseBody,
                                    boolean sent) {
        return recordDelivery(id, status, attempts, responseStatus, responseBody, sent, null);
    }

    /**
     * As above; {@code nextRetryIn} is when the alerts consumer will try a failed delivery again (null: it will not).
     * An attempt that reached nobody ({@code attempts} 0) does not move {@code last_attempt_at}.
     */
    public Uni<Void> recordDelivery(UUID id, String status, int attempts, Integer responseStatus, String responseBody,
                                    boolean sent, java.time.Duration nextRetryIn) {
        return pool.preparedQuery("""
                        update alerts set status = $2, attempts = attempts + $3, response_status = $4,
                                          response_body = $5, sent_at = case when $6 then now() else sent_at end,
                                          last_attempt_at = case when $3 > 0 then now() else last_attempt_at end,
                                          next_retry_at = now() + make_interval(secs => $7::float8)
                        where id = $1""")
                .execute(Tuple.from(new Object[] {id, status, attempts, responseStatus, responseBody, sent,
                        nextRetryIn == null ? null : (double) nextRetryIn.toMillis() / 1000}))
                .replaceWithVoid();
    }

    /** An overflow alert waiting to be summarised. */
    public record Digested(UUID id, String kind, UUID conversationId, String failureType, String severity,
                           String conversationExternalId, Instant createdAt) {
    }

    /** The digest row just created and the alerts it summarises. */
    public record DigestClaim(UUID digestId, String status, List<Digested> alerts) {
    }

    /**
     * Claims every digested alert not yet summarised (at most {@code limit}) for a new digest row, in one
     * transaction: the digest row is inserted ({@code pending}, or {@code recorded} without a webhook) and each
     * claimed alert gets {@code payload.digest_id}. Returns null when there is nothing to summarise.
     */
    public Uni<DigestClaim> claimDigest(boolean webhookConfigured, int limit) {
        return pool.withTransaction(conn -> conn.preparedQuery("select pg_advisory_xact_lock($1)")
                .execute(Tuple.of(DECISION_LOCK))
                .chain(() -> conn.preparedQuery("""
                                select a.id, a.kind, a.conversation_id, a.failure_type, a.severity, a.created_at,
                                       c.external_id
                                from alerts a left join conversations c on c.id = a.conversation_id
                                where a.status = 'digested' and not (coalesce(a.payload, '{}'::jsonb) ? 'digest_id')
                                order by a.created_at, a.id
                                limit $1""")
                        .execute(Tuple.of(limit)))
                .chain(rows -> {
                    List<Digested> alerts = new ArrayList<>();
                    for (Row r : rows) {
                        OffsetDateTime created = r.getOffsetDateTime("created_at");
                        alerts.add(new Digested(r.getUUID("id"), r.getString("kind"), r.getUUID("conversation_id"),
                                r.getString("failure_type"), r.getString("severity"), r.getString("external_id"),
                                created == null ? null : created.toInstant()));
                    }
                    if (alerts.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    UUID digestId = UUID.randomUUID();
                    String status = webhookConfigured ? PENDING : RECORDED;
                    JsonArray ids = new JsonArray();
                    alerts.forEach(a -> ids.add(a.id().toString()));
                    JsonObject payload = new JsonObject().put("count", alerts.size()).put("alert_ids", ids);
                    UUID[] idArray = alerts.stream().map(Digested::id).toArray(UUID[]::new);
                    return conn.preparedQuery("""
                                    insert into alerts (id, dedupe_key, kind, status, payload)
                                    values ($1, $2, 'digest', $3, $4::text::jsonb)""")
                            .execute(Tuple.of(digestId, "digest:" + digestId, status, payload.encode()))
                            .chain(() -> conn.preparedQuery("""
                                            update alerts set payload = coalesce(payload, '{}'::jsonb)
                                                                        || jsonb_build_object('digest_id', $1::text)
                                            where id = any($2)""")
                                    .execute(Tuple.of(digestId.toString(), idArray)))
                            .map(ignored -> new DigestClaim(digestId, status, alerts));
                }));
    }

    /** After a digest went out: the summarised alerts count as delivered at the digest's time. */
    public Uni<Void> markDigestDelivered(UUID digestId) {
        return pool.preparedQuery("update alerts set sent_at = now() where status = 'digested' and payload ->> 'digest_id' = $1::text")
                .execute(Tuple.of(digestId.toString()))
                .replaceWithVoid();
    }
}
