package com.convosensei.admin.repository;

import com.convosensei.contracts.admin.AlertView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code alerts}: the recent-alerts list and the record of each test message. */
@ApplicationScoped
public class AlertRepository {

    private final Pool pool;
    private final ObjectMapper mapper;

    public AlertRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<List<AlertView>> recent(String kind, int limit) {
        return pool.preparedQuery("""
                        select id, kind, dedupe_key, conversation_id, failure_id, failure_type, severity, status,
                               payload::text as payload, attempts, response_status, response_body, created_at, sent_at
                        from alerts where ($1::text is null or kind = $1)
                        order by created_at desc, id desc limit $2""")
                .execute(Tuple.of(kind, limit))
                .map(rows -> {
                    List<AlertView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new AlertView(r.getUUID("id"), r.getString("kind"), r.getString("dedupe_key"),
                                r.getUUID("conversation_id"), r.getUUID("failure_id"), r.getString("failure_type"),
                                r.getString("severity"), r.getString("status"), json(r.getString("payload")),
                                r.getInteger("attempts"), r.getInteger("response_status"), r.getString("response_body"),
                                Sql.instant(r, "created_at"), Sql.instant(r, "sent_at")));
                    }
                    return out;
                });
    }

    /** Records one test message to the saved webhook: sent (2xx) or failed, with what it answered (or why not). */
    public Uni<UUID> recordTest(String payloadJson, boolean delivered, Integer responseStatus, String responseBody) {
        return recordTest(payloadJson, delivered, responseStatus, responseBody, false);
    }

    /**
     * {@code draft}: the test went to a URL typed but not saved; its row is kept apart (dedupe key {@value #DRAFT_TEST})
     * so a typo being tried never raises "alerts are failing" for the webhook actually in use.
     */
    public Uni<UUID> recordTest(String payloadJson, boolean delivered, Integer responseStatus, String responseBody,
                                boolean draft) {
        return pool.preparedQuery("""
                        insert into alerts (dedupe_key, kind, status, payload, attempts, response_status, response_body,
                                            sent_at, last_attempt_at)
                        values ($5 || gen_random_uuid(), 'test', $1, $2::text::jsonb, 1, $3, $4,
                                case when $1 = 'sent' then now() end, now())
                        returning id""")
                .execute(Tuple.of(delivered ? "sent" : "failed", payloadJson, responseStatus, responseBody,
                        draft ? DRAFT_TEST : "test:"))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    /** Dedupe-key prefix of test messages sent to an unsaved URL. */
    public static final String DRAFT_TEST = "test-draft:";

    /** A failed delivery as stored (the answer not yet cleaned for display). */
    public record FailedDelivery(UUID id, String kind, UUID conversationId, String failureType, Integer responseStatus,
                                 String responseBody, int attempts, Instant createdAt, Instant lastAttemptAt,
                                 Instant nextRetryAt) {
    }

    /** Counts over attempted deliveries (sent or failed, draft tests left out) for the "alerts are failing" banner. */
    public record DeliveryStats(int lastN, int lastNFailed, Instant lastFailureAt, Instant lastSuccessAt,
                                int failedLastHour) {
    }

    /** Failed deliveries, latest attempt first. */
    public Uni<List<FailedDelivery>> failedDeliveries(int limit) {
        return pool.preparedQuery("""
                        select id, kind, conversation_id, failure_type, response_status, response_body, attempts,
                               created_at, last_attempt_at, next_retry_at
                        from alerts
                        where status = 'failed' and not starts_with(dedupe_key, $2)
                        order by coalesce(last_attempt_at, created_at) desc, id desc limit $1""")
                .execute(Tuple.of(limit, DRAFT_TEST))
                .map(rows -> {
                    List<FailedDelivery> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new FailedDelivery(r.getUUID("id"), r.getString("kind"), r.getUUID("conversation_id"),
                                r.getString("failure_type"), r.getInteger("response_status"),
                                r.getString("response_body"), r.getInteger("attempts"), Sql.instant(r, "created_at"),
                                Sql.instant(r, "last_attempt_at"), Sql.instant(r, "next_retry_at")));
                    }
                    return out;
                });
    }

    public Uni<DeliveryStats> deliveryStats(int lastN) {
        return pool.preparedQuery("""
                        with attempted as (
                            select status from alerts
                            where status in ('sent', 'failed') and last_attempt_at is not null
                              and not starts_with(dedupe_key, $2)
                            order by last_attempt_at desc, id desc limit $1)
                        select (select count(*) from attempted)::int as n,
                               (select count(*) from attempted where status = 'failed')::int as failed_n,
                               (select max(last_attempt_at) from alerts
                                where status = 'failed' and not starts_with(dedupe_key, $2)) as last_failure_at,
                               (select max(last_attempt_at) from alerts
                                where status = 'sent' and not starts_with(dedupe_key, $2)) as last_success_at,
                               (select count(*) from alerts
                                where status = 'failed' and last_attempt_at > now() - interval '1 hour'
                                  and not starts_with(dedupe_key, $2))::int as failed_last_hour""")
                .execute(Tuple.of(lastN, DRAFT_TEST))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new DeliveryStats(r.getInteger("n"), r.getInteger("failed_n"),
                            Sql.instant(r, "last_failure_at"), Sql.instant(r, "last_success_at"),
                            r.getInteger("failed_last_hour"));
                });
    }

    private JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
