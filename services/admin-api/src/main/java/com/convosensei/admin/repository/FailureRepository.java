package com.convosensei.admin.repository;

import com.convosensei.contracts.admin.BulkFailureStatusResult;
import com.convosensei.contracts.failure.FailureView;
import com.convosensei.platform.db.FailureRows;
import com.convosensei.platform.query.FailureFilter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlResult;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Failure status changes. Who/when ({@code status_changed_by/_at}) move only when the status actually changes, so
 * repeating a request is harmless and keeps the first acknowledger.
 */
@ApplicationScoped
public class FailureRepository {

    private static final String SET_STATUS = """
            status = $2,
            status_changed_at = case when f.status is distinct from $2 then now() else f.status_changed_at end,
            status_changed_by = case when f.status is distinct from $2 then $3 else f.status_changed_by end""";

    private final Pool pool;
    private final ObjectMapper mapper;

    public FailureRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /**
     * The updated failure, or null when there is no such failure or it is open and {@code status} is open (reopening
     * means nothing there; {@link #exists} tells the two apart).
     */
    public Uni<FailureView> setStatus(UUID id, String status, String changedBy) {
        return pool.preparedQuery("""
                        with u as (update failures f set %s where f.id = $1 and not ($2 = 'open' and f.status = 'open')
                                   returning f.*)
                        select %s
                        from u join conversations c on c.id = u.conversation_id""".formatted(SET_STATUS,
                        FailureRows.columns("u", "c")))
                .execute(Tuple.of(id, status, changedBy))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? FailureRows.view(mapper, it.next()) : null;
                });
    }

    /** One statement for the whole batch; each requested id comes back once, in request order. */
    public Uni<List<BulkFailureStatusResult.Item>> setStatus(List<UUID> ids, String status, String changedBy) {
        return pool.preparedQuery("""
                        with req as (select id, ord from unnest($1::uuid[]) with ordinality as r(id, ord)),
                        existing as (select f.id, f.status from failures f where f.id in (select id from req)),
                        u as (update failures f set %s where f.id in (select id from req) and f.status is distinct from $2
                              returning f.id)
                        select req.id,
                               case when u.id is not null then 'updated'
                                    when existing.id is not null then 'unchanged'
                                    else 'not_found' end as result
                        from req left join u on u.id = req.id left join existing on existing.id = req.id
                        order by req.ord""".formatted(SET_STATUS))
                .execute(Tuple.of(ids.toArray(new UUID[0]), status, changedBy))
                .map(rows -> {
                    List<BulkFailureStatusResult.Item> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(new BulkFailureStatusResult.Item(row.getUUID("id"), row.getString("result")));
                    }
                    return out;
                });
    }

    public Uni<Boolean> exists(UUID id) {
        return pool.preparedQuery("select exists (select 1 from failures where id = $1) as e").execute(Tuple.of(id))
                .map(rows -> rows.iterator().next().getBoolean("e"));
    }

    /** How many failures the filter matches now (what the person confirmed is compared to this). */
    public Uni<Long> count(FailureFilter filter) {
        List<Object> params = new ArrayList<>();
        String where = where(filter.conditions(bind(params)));
        return pool.preparedQuery("select count(*) as n from failures f where " + where).execute(Tuple.from(params))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /**
     * Moves up to {@code limit} failures matching the filter that do not have {@code status} yet, in one statement
     * (one short transaction); the caller repeats until fewer come back. Rows leave the set as they change, so the
     * repetition always ends. Answers how many changed.
     */
    public Uni<Integer> setStatusChunk(FailureFilter filter, String status, String changedBy, int limit) {
        List<Object> params = new ArrayList<>();
        Function<Object, String> bind = bind(params);
        List<String> conditions = new ArrayList<>(filter.conditions(bind));
        String target = bind.apply(status);
        String who = bind.apply(changedBy);
        conditions.add("f.status <> " + target);
        return pool.preparedQuery("""
                        with batch as (select f.id from failures f where %s order by f.id limit %d for update)
                        update failures f set status = %s, status_changed_at = now(), status_changed_by = %s
                        from batch where f.id = batch.id""".formatted(where(conditions), limit, target, who))
                .execute(Tuple.from(params))
                .map(SqlResult::rowCount);
    }

    public Uni<Void> audit(String actor, String action, JsonObject details) {
        return pool.preparedQuery("""
                        insert into audit_events (actor, action, target_kind, target_ref, details)
                        values ($1, $2, 'failures', null, $3::text::jsonb)""")
                .execute(Tuple.of(actor, action, details.encode())).replaceWithVoid();
    }

    private static Function<Object, String> bind(List<Object> params) {
        return value -> {
            params.add(value);
            return "$" + params.size();
        };
    }

    private static String where(List<String> conditions) {
        return conditions.isEmpty() ? "true" : String.join(" and ", conditions);
    }
}
