package com.convosensei.processor.scoring;

import com.convosensei.platform.db.Columns;
import com.convosensei.processor.ingest.ConversationLockOrder;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * SQL of scoring. A conversation is read and analysed without a lock ({@link #load}); then, in the writing
 * transaction, its row is locked and its version compared ({@link #lockVersion}): unchanged, the analysis stands and
 * {@link #write} writes everything at once; changed (new messages, feedback, another scoring), it is read again under
 * the lock and analysed again. So two replicas scoring the same conversation take turns, the later one always sees the
 * newer messages and the earlier one's score (the "previous score" of the health-crossing rule), and ingest never
 * waits on a row lock held through an analysis.
 */
@ApplicationScoped
public class ScoringRepository {

    /** A stored message as the analyzer needs it. */
    public record StoredMessage(long id, String externalId, String role, String content, Instant sentAt,
                                Integer latencyMs, String metadataJson) {
    }

    /** Explicit feedback on the conversation ({@code messageExternalId} null) or on one of its messages. */
    public record StoredFeedback(String messageExternalId, int polarity, String kind, int value, String comment,
                                 Instant givenAt) {
    }

    /**
     * A conversation read for scoring, with its messages in the client's order (id, see docs/architecture.md) and
     * its feedback (oldest first). {@code version} is the row's xmin: every write of the row changes it (ingest,
     * feedback counters, the inactivity sweep, a scoring), locking it does not.
     */
    public record StoredConversation(UUID id, String externalId, boolean ended, Instant lastActivityAt,
                                     Double healthScore, String metadataJson, List<StoredMessage> messages,
                                     List<StoredFeedback> feedback, String version) {
    }

    /** Most feedback rows read per scoring (the newest): enough to weigh, bounded for a conversation rated by a crowd. */
    static final int MAX_FEEDBACK = 200;

    /**
     * One failure row to upsert (evidence as a JSON array). {@code alertIfNew}: a new row waits for its alert decision
     * ({@code alert_pending}); false when no alert is due for it (a re-score of history, a severity under the alert
     * threshold), so that no outbox flag is set only to be cleared by one more commit.
     */
    public record FailureRow(String type, String severity, double confidence, String fingerprint, String explanation,
                             String evidenceJson, boolean alertIfNew) {
    }

    /**
     * What the upsert did with one failure: {@code inserted} is false when an existing row was refreshed;
     * {@code alertPending} is true until the failure's alert decision has reached the alerts stream.
     */
    public record UpsertedFailure(UUID id, String type, String severity, String fingerprint, String status,
                                  boolean inserted, boolean alertPending) {
    }

    /** What scoring writes on the conversation row (failure columns are aggregated in SQL). */
    public record Score(double health, String breakdownJson, String version, Double sentimentAvg, Double sentimentMin,
                        Double sentimentLast, Double sentimentTrend) {
    }

    /** The failure columns as written. */
    public record FailureSummary(int count, List<String> types, String maxSeverity) {
    }

    /** What {@link #write} did. */
    public record WriteResult(List<UpsertedFailure> failures, int pruned, FailureSummary summary,
                              boolean healthAlertPending) {
    }

    /**
     * The ids of those conversations that exist, in {@link ConversationLockOrder} (read without locking: a batch of
     * scorings then locks them one by one in that order, as ingest does).
     */
    public Uni<List<UUID>> inLockOrder(SqlConnection conn, List<UUID> ids) {
        record Key(UUID id, String environment, String externalId) {
        }
        return conn.preparedQuery("select id, environment, external_id from conversations where id = any($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    List<Key> keys = new ArrayList<>();
                    for (Row r : rows) {
                        keys.add(new Key(r.getUUID("id"), r.getString("environment"), r.getString("external_id")));
                    }
                    keys.sort(ConversationLockOrder.by(Key::environment, Key::externalId));
                    return keys.stream().map(Key::id).toList();
                });
    }

    /**
     * Reads the conversation with its newest {@code maxMessages} messages and its feedback (by environment + external
     * id: feedback stored before the row existed counts too), in one round trip, locking the row when {@code lock}.
     * Null when the conversation no longer exists.
     */
    public Uni<StoredConversation> load(SqlClient client, UUID id, int maxMessages, boolean lock) {
        return client.preparedQuery(lock ? LOAD_LOCKED : LOAD)
                .execute(Tuple.of(id, maxMessages, MAX_FEEDBACK))
                .map(ScoringRepository::stored);
    }

    /** Locks the conversation row; its version (xmin) as of the lock, or null when it no longer exists. */
    public Uni<String> lockVersion(SqlConnection conn, UUID id) {
        return conn.preparedQuery("select xmin::text as version from conversations where id = $1 for update")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("version") : null);
    }

    private static final String LOAD = """
                        select c.id, c.external_id, c.ended, c.last_activity_at, c.health_score, c.version,
                               c.metadata::text as metadata, m.id as m_id, m.external_id as m_external_id, m.role,
                               m.content, m.sent_at, m.latency_ms, m.metadata::text as m_metadata, c.feedback
                        from (select cv.*, cv.xmin::text as version,
                                     (select json_agg(json_build_array(nullif(f.message_external_id, ''),
                                                   f.polarity, f.kind, f.value, f.comment,
                                                   (extract(epoch from f.given_at) * 1000000)::bigint)
                                                   order by f.given_at)::text
                                            from (select * from feedback
                                                  where environment = cv.environment
                                                    and conversation_external_id = cv.external_id
                                                  order by given_at desc limit $3) f) as feedback
                              from conversations cv where cv.id = $1 /*lock*/) c
                        left join lateral (
                            select * from messages where conversation_id = c.id
                            order by id desc limit $2) m on true""";

    private static final String LOAD_LOCKED = LOAD.replace("/*lock*/", "for update of cv");

    private static StoredConversation stored(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        Row first = null;
        List<StoredMessage> messages = new ArrayList<>();
        for (Row r : rows) {
            first = first == null ? r : first;
            Long messageId = r.getLong("m_id");
            if (messageId != null) {
                messages.add(new StoredMessage(messageId, r.getString("m_external_id"), r.getString("role"),
                        r.getString("content"), Columns.instant(r, "sent_at"), r.getInteger("latency_ms"),
                        r.getString("m_metadata")));
            }
        }
        if (first == null) {
            return null;
        }
        Collections.reverse(messages);
        return new StoredConversation(first.getUUID("id"), first.getString("external_id"), first.getBoolean("ended"),
                Columns.instant(first, "last_activity_at"), first.getDouble("health_score"), first.getString("metadata"),
                messages, feedback(first.getString("feedback")), first.getString("version"));
    }

    /**
     * Writes one scoring in ONE statement (a round trip instead of four; data-modifying CTEs all see the same
     * snapshot, so the failure columns are aggregated from what the statement itself upserted plus the rows it left
     * alone):
     * <ul>
     *   <li>per-message sentiment via {@code unnest}; rows whose score did not change are not touched;</li>
     *   <li>failures upserted on (conversation, type, fingerprint): an existing row gets the new severity, confidence,
     *   evidence, explanation and {@code last_seen_at}, never a new {@code status} (a failure a person resolved stays
     *   resolved); {@code xmax = 0} tells a freshly inserted row from an updated one; a new row waits for its alert
     *   decision ({@code alert_pending}) only when its {@link FailureRow#alertIfNew};</li>
     *   <li>rule-based failures still {@code open} but no longer detected are deleted (e.g. abandonment after the user
     *   came back); acknowledged/resolved rows and LLM findings stay;</li>
     *   <li>the conversation's score, breakdown, sentiment and failure columns, the latter over its failure rows of
     *   every status (a resolved failure still happened in this conversation; see ANALYSIS.md).</li>
     * </ul>
     */
    public Uni<WriteResult> write(SqlConnection conn, UUID conversationId, Long[] messageIds, Double[] sentiment,
                                  List<FailureRow> failures, Score s, boolean healthCrossed) {
        int n = failures.size();
        String[] types = new String[n];
        String[] severities = new String[n];
        Double[] confidences = new Double[n];
        String[] fingerprints = new String[n];
        String[] explanations = new String[n];
        String[] evidence = new String[n];
        String[] keys = new String[n];
        Boolean[] alertIfNew = new Boolean[n];
        for (int i = 0; i < n; i++) {
            FailureRow f = failures.get(i);
            types[i] = f.type();
            severities[i] = f.severity();
            confidences[i] = f.confidence();
            fingerprints[i] = f.fingerprint();
            explanations[i] = f.explanation();
            evidence[i] = f.evidenceJson();
            keys[i] = f.type() + "|" + f.fingerprint();
            alertIfNew[i] = f.alertIfNew();
        }
        return conn.preparedQuery("""
                        with sentiment as (
                            update messages m set sentiment_score = u.score
                            from unnest($2::bigint[], $3::float8[]) as u(id, score)
                            where m.id = u.id and m.conversation_id = $1 and m.sentiment_score is distinct from u.score
                            returning m.id),
                        upserted as (
                            insert into failures (conversation_id, type, severity, confidence, fingerprint, explanation,
                                                  evidence, source, alert_pending)
                            select $1, f.type, f.severity, f.confidence, f.fingerprint, f.explanation, f.evidence::jsonb,
                                   'rules', f.alert_if_new
                            from unnest($4::text[], $5::text[], $6::float8[], $7::text[], $8::text[], $9::text[],
                                        $19::bool[])
                                 as f(type, severity, confidence, fingerprint, explanation, evidence, alert_if_new)
                            on conflict (conversation_id, type, fingerprint) do update
                                -- status is a person's triage and never changes here; a false positive also keeps
                                -- what the person judged (failure_verdicts exports it for the analysis)
                                set severity = case when failures.status = 'false_positive' then failures.severity
                                                    else excluded.severity end,
                                    confidence = case when failures.status = 'false_positive' then failures.confidence
                                                      else excluded.confidence end,
                                    evidence = case when failures.status = 'false_positive' then failures.evidence
                                                    else excluded.evidence end,
                                    explanation = case when failures.status = 'false_positive' then failures.explanation
                                                       else excluded.explanation end,
                                    last_seen_at = now()
                            returning id, type, severity, fingerprint, status, (xmax = 0) as inserted, alert_pending),
                        pruned as (
                            delete from failures d
                            where d.conversation_id = $1 and d.source = 'rules' and d.status = 'open'
                              and (d.type || '|' || d.fingerprint) <> all($10::text[])
                            returning d.id),
                        remaining as (
                            select u.type, u.severity from upserted u
                            union all
                            select f.type, f.severity from failures f
                            where f.conversation_id = $1
                              and f.id not in (select id from upserted) and f.id not in (select id from pruned)),
                        agg as (
                            select count(*)::int as n,
                                   coalesce(array_agg(distinct r.type order by r.type), '{}'::text[]) as types,
                                   (array['low', 'medium', 'high', 'critical'])[max(case r.severity
                                       when 'low' then 1 when 'medium' then 2 when 'high' then 3 when 'critical' then 4 end)]
                                       as max_severity
                            from remaining r),
                        scored as (
                            update conversations c
                            set health_score = $11, health_breakdown = $12::text::jsonb, health_version = $13,
                                scored_at = clock_timestamp(), sentiment_avg = $14, sentiment_min = $15,
                                sentiment_last = $16, sentiment_trend = $17,
                                has_failures = agg.n > 0, failure_count = agg.n, failure_types = agg.types,
                                max_severity = agg.max_severity, updated_at = now(),
                                health_alert_pending = c.health_alert_pending or $18,
                                -- recounted here too: feedback committed while the conversation's first insert was
                                -- in flight is missed by both counter triggers (V19); this scoring always follows
                                feedback_count = fb.total, negative_feedback_count = fb.negative
                            from agg, (select f.total, f.negative
                                       from conversations k, sensei_private.feedback_counts(k.environment, k.external_id) f
                                       where k.id = $1) fb
                            where c.id = $1
                            returning c.failure_count, c.failure_types, c.max_severity, c.health_alert_pending)
                        select u.id, u.type, u.severity, u.fingerprint, u.status, u.inserted, u.alert_pending,
                               (select count(*) from pruned)::int as pruned,
                               s.failure_count, s.failure_types, s.max_severity, s.health_alert_pending
                        from scored s left join upserted u on true""")
                .execute(Tuple.from(new Object[] {conversationId, messageIds, sentiment, types, severities,
                        confidences, fingerprints, explanations, evidence, keys, s.health(), s.breakdownJson(),
                        s.version(), s.sentimentAvg(), s.sentimentMin(), s.sentimentLast(), s.sentimentTrend(),
                        healthCrossed, alertIfNew}))
                .map(rows -> {
                    List<UpsertedFailure> upserted = new ArrayList<>();
                    int pruned = 0;
                    FailureSummary summary = null;
                    boolean healthAlertPending = false;
                    for (Row r : rows) {
                        pruned = r.getInteger("pruned");
                        healthAlertPending = r.getBoolean("health_alert_pending");
                        String[] failureTypes = r.getArrayOfStrings("failure_types");
                        summary = new FailureSummary(r.getInteger("failure_count"),
                                failureTypes == null ? List.of() : List.of(failureTypes), r.getString("max_severity"));
                        if (r.getUUID("id") != null) {
                            upserted.add(new UpsertedFailure(r.getUUID("id"), r.getString("type"), r.getString("severity"),
                                    r.getString("fingerprint"), r.getString("status"), r.getBoolean("inserted"),
                                    r.getBoolean("alert_pending")));
                        }
                    }
                    return new WriteResult(upserted, pruned, summary, healthAlertPending);
                });
    }

    /**
     * The alert events of a batch of scorings are on the stream (or their failures never needed one): clear the outbox
     * flags of those failures and of the conversations whose health-crossing alert was among them.
     */
    public Uni<Void> clearAlertPending(io.vertx.mutiny.sqlclient.Pool pool, List<UUID> failureIds,
                                       List<UUID> healthAlertConversationIds) {
        Uni<Void> failuresCleared = failureIds.isEmpty() ? Uni.createFrom().voidItem()
                : pool.preparedQuery("update failures set alert_pending = false where id = any($1) and alert_pending")
                        .execute(Tuple.of(failureIds.toArray(new UUID[0]))).replaceWithVoid();
        if (healthAlertConversationIds.isEmpty()) {
            return failuresCleared;
        }
        return failuresCleared.chain(() -> pool.preparedQuery(
                        "update conversations set health_alert_pending = false where id = any($1) and health_alert_pending")
                .execute(Tuple.of(healthAlertConversationIds.toArray(new UUID[0]))).replaceWithVoid());
    }

    /** The {@code [message, polarity, kind, value, comment, given_at µs]} arrays of {@link #load}. */
    static List<StoredFeedback> feedback(String json) {
        if (json == null) {
            return List.of();
        }
        List<StoredFeedback> out = new ArrayList<>();
        for (Object o : new io.vertx.core.json.JsonArray(json)) {
            io.vertx.core.json.JsonArray a = (io.vertx.core.json.JsonArray) o;
            long micros = a.getLong(5);
            out.add(new StoredFeedback(a.getString(0), a.getInteger(1), a.getString(2), a.getInteger(3), a.getString(4),
                    Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000)));
        }
        return out;
    }
}
