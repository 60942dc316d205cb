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

    /** Records one test message: sent (2xx) or failed, with what the webhook answered (or why it could not). */
    public Uni<UUID> recordTest(String payloadJson, boolean delivered, Integer responseStatus, String responseBody) {
        return pool.preparedQuery("""
                        insert into alerts (dedupe_key, kind, status, payload, attempts, response_status, response_body, sent_at)
                        values ('test:' || gen_random_uuid(), 'test', $1, $2::text::jsonb, 1, $3, $4,
                                case when $1 = 'sent' then now() end)
                        returning id""")
                .execute(Tuple.of(delivered ? "sent" : "failed", payloadJson, responseStatus, responseBody))
                .map(rows -> rows.iterator().next().getUUID("id"));
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
