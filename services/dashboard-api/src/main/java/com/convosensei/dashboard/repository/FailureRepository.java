package com.convosensei.dashboard.repository;

import com.convosensei.contracts.ListCount;
import com.convosensei.contracts.Page;
import com.convosensei.contracts.failure.FailureGroups;
import com.convosensei.contracts.failure.FailureNoteView;
import com.convosensei.contracts.failure.FailureView;
import com.convosensei.dashboard.service.Cursor;
import com.convosensei.platform.db.FailureNoteRows;
import com.convosensei.platform.db.FailureRows;
import com.convosensei.platform.query.FailureFilter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Failure reads, newest first, keyset-paginated on (detected_at desc, id desc) and its per-filter twins in V1. */
@ApplicationScoped
public class FailureRepository {

    private static final String KIND = "failures";
    /** Types are ten; patterns of one run are far fewer than this, which only bounds a pathological run. */
    static final int MAX_GROUPS = 200;
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
        where(sql, filter);
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

    /** How many failures the filter matches (see {@link ListCounter}: exact up to {@code cap}). */
    public Uni<ListCount> count(FailureFilter filter, long cap, Duration timeout) {
        Sql sql = new Sql();
        where(sql, filter);
        return ListCounter.count(pool, "from failures f where " + sql.where(), sql.tuple(), cap, timeout);
    }

    /**
     * Exactly how many failures match, however many: what "select all N matching" offers and the bulk action then
     * checks as its expected count (an estimate there would refuse every bulk past the cap).
     */
    public Uni<Long> exactCount(FailureFilter filter) {
        Sql sql = new Sql();
        where(sql, filter);
        return pool.preparedQuery("select count(*) as n from failures f where " + sql.where()).execute(sql.tuple())
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** Failures matching the filter counted per type, largest first. */
    public Uni<List<FailureGroups.FailureGroup>> groupsByType(FailureFilter filter) {
        Sql sql = new Sql();
        where(sql, filter);
        return pool.preparedQuery("select f.type as key, f.type as label, count(*) as n from failures f where "
                        + sql.where() + " group by f.type order by n desc, f.type")
                .execute(sql.tuple()).map(FailureRepository::groups);
    }

    /**
     * Failures matching the filter counted per usage pattern of the latest succeeded pattern run (what the Patterns
     * page shows); failures of conversations outside every pattern (or before any run) are one group with a null key.
     */
    public Uni<List<FailureGroups.FailureGroup>> groupsByPattern(FailureFilter filter) {
        Sql sql = new Sql();
        where(sql, filter);
        return pool.preparedQuery("""
                        with latest as (select id from pattern_runs where status = 'succeeded'
                                        order by created_at desc, id desc limit 1),
                        member as (select pc.conversation_id, p.id, p.label
                                   from usage_patterns p join pattern_conversations pc on pc.pattern_id = p.id
                                   where p.run_id = (select id from latest))
                        select m.id::text as key, coalesce(m.label, 'No pattern') as label, count(*) as n
                        from failures f left join member m on m.conversation_id = f.conversation_id
                        where %s
                        group by m.id, m.label order by n desc, label limit %d""".formatted(sql.where(), MAX_GROUPS))
                .execute(sql.tuple()).map(FailureRepository::groups);
    }

    /** The notes on one failure, oldest first; null when there is no such failure. */
    public Uni<List<FailureNoteView>> notes(UUID failureId) {
        // the left join answers one all-null row for a failure without notes and none for an unknown failure
        return pool.preparedQuery("select " + FailureNoteRows.COLUMNS + """
                         from failures f left join failure_notes n on n.failure_id = f.id
                        where f.id = $1 order by n.created_at, n.id""")
                .execute(Tuple.of(failureId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    List<FailureNoteView> out = new ArrayList<>();
                    for (Row row : rows) {
                        if (row.getUUID("id") != null) {
                            out.add(FailureNoteRows.view(row));
                        }
                    }
                    return out;
                });
    }

    private static void where(Sql sql, FailureFilter filter) {
        filter.conditions(sql::bind).forEach(sql::and);
    }

    private static List<FailureGroups.FailureGroup> groups(RowSet<Row> rows) {
        List<FailureGroups.FailureGroup> out = new ArrayList<>();
        for (Row row : rows) {
            out.add(new FailureGroups.FailureGroup(row.getString("key"), row.getString("label"), row.getLong("n")));
        }
        return out;
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
