package com.convosensei.dashboard.repository;

import com.convosensei.contracts.Page;
import com.convosensei.contracts.failure.FailureView;
import com.convosensei.dashboard.service.Cursor;
import com.convosensei.platform.db.FailureRows;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Failure reads, newest first, keyset-paginated on (detected_at desc, id desc) and its per-filter twins in V1. */
@ApplicationScoped
public class FailureRepository {

    private static final String KIND = "failures";
    private static final String COLUMNS = "select " + FailureRows.columns("f", "c")
            + " from failures f join conversations c on c.id = f.conversation_id";

    private final Pool pool;
    private final ObjectMapper mapper;

    public FailureRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<Page<FailureView>> list(FailureFilter filter, int limit, String cursor) {
        List<String> after = cursor == null ? null : Cursor.decode(cursor, KIND, 2);
        Sql sql = new Sql();
        if (filter.statuses() != null) {
            sql.and(Sql.oneOf(sql, "f.status", filter.statuses()));
        }
        if (filter.types() != null) {
            sql.and(Sql.oneOf(sql, "f.type", filter.types()));
        }
        if (filter.severities() != null) {
            sql.and(Sql.oneOf(sql, "f.severity", filter.severities()));
        }
        if (filter.from() != null) {
            sql.and("f.detected_at >= " + sql.bind(filter.from()) + "::timestamptz");
        }
        if (filter.to() != null) {
            sql.and("f.detected_at < " + sql.bind(filter.to()) + "::timestamptz");
        }
        if (filter.conversationId() != null) {
            sql.and("f.conversation_id = " + sql.bind(filter.conversationId()) + "::uuid");
        }
        String scope = MetadataTag.condition(sql, "c", filter.environment(), filter.tags());
        if (scope != null) {
            sql.and(scope);
        }
        if (after != null) {
            sql.and("(f.detected_at, f.id) < (" + sql.bind(Cursor.parseMicros(after.get(0))) + "::timestamptz, "
                    + sql.bind(Cursor.parseUuid(after.get(1))) + "::uuid)");
        }
        String statement = COLUMNS + " where " + sql.where()
                + " order by f.detected_at desc, f.id desc limit " + (limit + 1);
        return pool.preparedQuery(statement).execute(sql.tuple()).map(rows -> {
            List<FailureView> items = new ArrayList<>();
            for (Row row : rows) {
                items.add(FailureRows.view(mapper, row));
            }
            return ConversationRepository.page(items, limit, last -> Cursor.encode(KIND,
                    Cursor.micros(last.detectedAt().atOffset(ZoneOffset.UTC)), last.id().toString()));
        });
    }

    /** All failures of one conversation, newest first (one row per type + fingerprint, so the list stays short). */
    public Uni<List<FailureView>> ofConversation(UUID conversationId) {
        return pool.preparedQuery(COLUMNS + " where f.conversation_id = $1 order by f.detected_at desc, f.id desc")
                .execute(Tuple.of(conversationId))
                .map(rows -> {
                    List<FailureView> items = new ArrayList<>();
                    for (Row row : rows) {
                        items.add(FailureRows.view(mapper, row));
                    }
                    return items;
                });
    }
}
