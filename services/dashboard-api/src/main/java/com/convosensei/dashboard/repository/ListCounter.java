package com.convosensei.dashboard.repository;

import com.convosensei.contracts.ListCount;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import java.time.Duration;

/**
 * Totals for list headers that stay cheap at a million rows: {@code count(*)} over at most {@code cap + 1} matching
 * rows (an index walk of 10,001 entries at worst, a few milliseconds) under a statement timeout. Past the cap, or
 * when a filter that no index serves makes even that slow, the planner's row estimate ({@code EXPLAIN}) answers,
 * marked as such. The list itself never waits for this: the dashboard asks for the count beside the first page.
 */
final class ListCounter {

    /** SQLSTATE query_canceled: the statement timeout fired. */
    private static final String CANCELED = "57014";

    private ListCounter() {
    }

    /**
     * @param fromWhere {@code from ... where ...} of the list's own query (its filters, no cursor, no order)
     */
    static Uni<ListCount> count(Pool pool, String fromWhere, Tuple params, long cap, Duration timeout) {
        String capped = "select count(*) as n from (select 1 " + fromWhere + " limit " + (cap + 1) + ") matching";
        return pool.withTransaction(conn -> conn
                        // SET LOCAL ends with the transaction, so the pooled connection keeps its default
                        .query("set local statement_timeout = " + Math.max(1, timeout.toMillis())).execute()
                        .chain(() -> conn.preparedQuery(capped).execute(params)))
                .map(rows -> rows.iterator().next().getLong("n"))
                .chain(n -> n <= cap
                        ? Uni.createFrom().item(new ListCount(n, true, ListCount.EXACT, cap))
                        : estimate(pool, fromWhere, params).map(planned -> planned > cap
                                ? new ListCount(planned, false, ListCount.ESTIMATE, cap)
                                : new ListCount(cap, false, ListCount.AT_LEAST, cap)))
                .onFailure(ListCounter::timedOut)
                .recoverWithUni(() -> estimate(pool, fromWhere, params)
                        .map(planned -> new ListCount(planned, false, ListCount.ESTIMATE, cap)));
    }

    /** The planner's expected row count for the filter (statistics only: nothing is scanned). */
    static Uni<Long> estimate(Pool pool, String fromWhere, Tuple params) {
        return pool.preparedQuery("explain (format json) select 1 " + fromWhere).execute(params).map(rows -> {
            Row row = rows.iterator().next();
            Object plan = row.getValue(0);
            JsonArray json = plan instanceof JsonArray a ? a : new JsonArray(String.valueOf(plan));
            return Math.round(json.getJsonObject(0).getJsonObject("Plan").getDouble("Plan Rows"));
        });
    }

    private static boolean timedOut(Throwable t) {
        return t instanceof PgException pg && CANCELED.equals(pg.getSqlState());
    }
}
