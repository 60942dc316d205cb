package com.convosensei.admin.repository;

import com.convosensei.contracts.admin.BulkFailureStatusResult;
import com.convosensei.contracts.failure.FailureView;
import com.convosensei.platform.db.FailureRows;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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

    /** The updated failure, or null when there is no such failure. */
    public Uni<FailureView> setStatus(UUID id, String status, String changedBy) {
        return pool.preparedQuery("""
                        with u as (update failures f set %s where f.id = $1 returning f.*)
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
}
