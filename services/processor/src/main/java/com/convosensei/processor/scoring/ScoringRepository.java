package com.convosensei.processor.scoring;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * SQL of one scoring. Every method takes the connection of the caller's transaction: the conversation row is locked
 * first ({@link #lockAndLoad}), so two replicas scoring the same conversation take turns and the later one always
 * sees the newer messages and the earlier one's score (the "previous score" of the health-crossing rule).
 */
@ApplicationScoped
public class ScoringRepository {

    /** A stored message as the analyzer needs it. */
    public record StoredMessage(long id, String externalId, String role, String content, Instant sentAt,
                                Integer latencyMs, String metadataJson) {
    }

    /** A conversation locked for scoring, with its messages in thread order (sent_at, id). */
    public record StoredConversation(UUID id, String externalId, boolean ended, Instant lastActivityAt,
                                     Double healthScore, String metadataJson, List<StoredMessage> messages) {
    }

    /** One failure row to upsert (evidence as a JSON array). */
    public record FailureRow(String type, String severity, double confidence, String fingerprint, String explanation,
                             String evidenceJson) {
    }

    /** What the upsert did with one failure: {@code inserted} is false when an existing row was refreshed. */
    public record UpsertedFailure(UUID id, String type, String severity, String fingerprint, String status,
                                  boolean inserted) {
    }

    /** What scoring writes on the conversation row (failure columns are aggregated in SQL). */
    public record Score(double health, String breakdownJson, String version, Double sentimentAvg, Double sentimentMin,
                        Double sentimentLast, Double sentimentTrend) {
    }

    /** The failure columns as written. */
    public record FailureSummary(int count, List<String> types, String maxSeverity) {
    }

    /**
     * Locks the conversation row and reads it with its newest {@code maxMessages} messages. Null when the conversation
     * no longer exists.
     */
    public Uni<StoredConversation> lockAndLoad(SqlConnection conn, UUID id, int maxMessages) {
        return conn.preparedQuery("""
                        select id, external_id, ended, last_activity_at, health_score, metadata::text as metadata
                        from conversations where id = $1 for update""")
                .execute(Tuple.of(id))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    Row c = rows.iterator().next();
                    return conn.preparedQuery("""
                                    select id, external_id, role, content, sent_at, latency_ms, metadata::text as metadata
                                    from messages where conversation_id = $1
                                    order by sent_at desc, id desc limit $2""")
                            .execute(Tuple.of(id, maxMessages))
                            .map(messageRows -> {
                                List<StoredMessage> messages = new ArrayList<>();
                                for (Row m : messageRows) {
                                    messages.add(new StoredMessage(m.getLong("id"), m.getString("external_id"),
                                            m.getString("role"), m.getString("content"), instant(m, "sent_at"),
                                            m.getInteger("latency_ms"), m.getString("metadata")));
                                }
                                Collections.reverse(messages);
                                return new StoredConversation(c.getUUID("id"), c.getString("external_id"),
                                        c.getBoolean("ended"), instant(c, "last_activity_at"), c.getDouble("health_score"),
                                        c.getString("metadata"), messages);
                            });
                });
    }

    /** Writes per-message sentiment in one statement; rows whose score did not change are not touched. */
    public Uni<Void> writeSentiment(SqlConnection conn, UUID conversationId, Long[] messageIds, Double[] scores) {
        if (messageIds.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                        update messages m set sentiment_score = u.score
                        from unnest($2::bigint[], $3::float8[]) as u(id, score)
                        where m.id = u.id and m.conversation_id = $1 and m.sentiment_score is distinct from u.score""")
                .execute(Tuple.of(conversationId, messageIds, scores))
                .replaceWithVoid();
    }

    /**
     * Upserts the detected failures in one statement. An existing (conversation, type, fingerprint) row gets the new
     * severity, confidence, evidence and explanation and {@code last_seen_at}; its {@code status} is never touched,
     * so a failure a person resolved stays resolved. {@code xmax = 0} tells a freshly inserted row from an updated one.
     */
    public Uni<List<UpsertedFailure>> upsertFailures(SqlConnection conn, UUID conversationId, List<FailureRow> failures) {
        if (failures.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = failures.size();
        String[] types = new String[n];
        String[] severities = new String[n];
        Double[] confidences = new Double[n];
        String[] fingerprints = new String[n];
        String[] explanations = new String[n];
        String[] evidence = new String[n];
        for (int i = 0; i < n; i++) {
            FailureRow f = failures.get(i);
            types[i] = f.type();
            severities[i] = f.severity();
            confidences[i] = f.confidence();
            fingerprints[i] = f.fingerprint();
            explanations[i] = f.explanation();
            evidence[i] = f.evidenceJson();
        }
        return conn.preparedQuery("""
                        insert into failures (conversation_id, type, severity, confidence, fingerprint, explanation, evidence, source)
                        select $1, f.type, f.severity, f.confidence, f.fingerprint, f.explanation, f.evidence::jsonb, 'rules'
                        from unnest($2::text[], $3::text[], $4::float8[], $5::text[], $6::text[], $7::text[])
                             as f(type, severity, confidence, fingerprint, explanation, evidence)
                        on conflict (conversation_id, type, fingerprint) do update
                            set severity = excluded.severity, confidence = excluded.confidence,
                                evidence = excluded.evidence, explanation = excluded.explanation, last_seen_at = now()
                        returning id, type, severity, fingerprint, status, (xmax = 0) as inserted""")
                .execute(Tuple.from(new Object[] {conversationId, types, severities, confidences, fingerprints,
                        explanations, evidence}))
                .map(rows -> {
                    List<UpsertedFailure> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new UpsertedFailure(r.getUUID("id"), r.getString("type"), r.getString("severity"),
                                r.getString("fingerprint"), r.getString("status"), r.getBoolean("inserted")));
                    }
                    return out;
                });
    }

    /**
     * Removes rule-based failures that are still {@code open} but no longer detected (e.g. "abandonment" after the
     * user came back). Rows a person acknowledged or resolved, and LLM findings, are kept.
     */
    public Uni<Integer> pruneUndetected(SqlConnection conn, UUID conversationId, List<FailureRow> detected) {
        String[] keys = detected.stream().map(f -> f.type() + "|" + f.fingerprint()).toArray(String[]::new);
        return conn.preparedQuery("""
                        delete from failures
                        where conversation_id = $1 and source = 'rules' and status = 'open'
                          and (type || '|' || fingerprint) <> all($2::text[])""")
                .execute(Tuple.of(conversationId, keys))
                .map(rows -> rows.rowCount());
    }

    /**
     * Writes the score and recomputes the conversation's failure columns from its failure rows (every status: a
     * resolved failure still happened in this conversation; see ANALYSIS.md).
     */
    public Uni<FailureSummary> writeScore(SqlConnection conn, UUID conversationId, Score s) {
        return conn.preparedQuery("""
                        update conversations c
                        set health_score = $2, health_breakdown = $3::text::jsonb, health_version = $4, scored_at = clock_timestamp(),
                            sentiment_avg = $5, sentiment_min = $6, sentiment_last = $7, sentiment_trend = $8,
                            has_failures = agg.n > 0, failure_count = agg.n, failure_types = agg.types,
                            max_severity = agg.max_severity, updated_at = now()
                        from (select count(*)::int as n,
                                     coalesce(array_agg(distinct f.type order by f.type), '{}'::text[]) as types,
                                     (array['low', 'medium', 'high', 'critical'])[max(case f.severity
                                         when 'low' then 1 when 'medium' then 2 when 'high' then 3 when 'critical' then 4 end)]
                                         as max_severity
                              from failures f where f.conversation_id = $1) agg
                        where c.id = $1
                        returning c.failure_count, c.failure_types, c.max_severity""")
                .execute(Tuple.from(new Object[] {conversationId, s.health(), s.breakdownJson(), s.version(),
                        s.sentimentAvg(), s.sentimentMin(), s.sentimentLast(), s.sentimentTrend()}))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    String[] types = r.getArrayOfStrings("failure_types");
                    return new FailureSummary(r.getInteger("failure_count"), types == null ? List.of() : List.of(types),
                            r.getString("max_severity"));
                });
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime t = row.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
