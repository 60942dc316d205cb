package com.convosensei.admin.repository;

import com.convosensei.contracts.admin.RetentionSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code retention_settings}: owned here (admin-api writes it); the processor's retention job only reads it. An
 * environment without a row keeps its conversations forever, so "null days" is stored as no row.
 */
@ApplicationScoped
public class RetentionSettingsRepository {

    private final Pool pool;

    public RetentionSettingsRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<RetentionSettings> get() {
        return pool.query("select environment, days, updated_at, updated_by from retention_settings"
                        + " where days is not null order by environment")
                .execute().map(rows -> {
                    List<RetentionSettings.Environment> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new RetentionSettings.Environment(r.getString("environment"), r.getInteger("days"),
                                Sql.instant(r, "updated_at"), r.getString("updated_by")));
                    }
                    return new RetentionSettings(out);
                });
    }

    /** Sets (days) or removes (null) each environment's period, all in one transaction, and records each change. */
    public Uni<Void> apply(List<RetentionSettings.Environment> changes, String actor, String actorSubject) {
        return pool.withTransaction(conn -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (RetentionSettings.Environment c : changes) {
                Uni<?> write = c.days() == null
                        ? conn.preparedQuery("delete from retention_settings where environment = $1")
                                .execute(Tuple.of(c.environment()))
                        : conn.preparedQuery("""
                                insert into retention_settings (environment, days, updated_by) values ($1, $2, $3)
                                on conflict (environment) do update set days = excluded.days, updated_at = now(),
                                    updated_by = excluded.updated_by""")
                                .execute(Tuple.of(c.environment(), c.days(), actor));
                chain = chain.chain(() -> write)
                        .chain(() -> conn.preparedQuery("""
                                        insert into audit_events (actor, action, target_kind, target_ref, details)
                                        values ($1, 'retention.update', 'environment', $2, jsonb_build_object('days', $3::int))""")
                                .execute(Tuple.of(actorSubject, c.environment(), c.days())))
                        .replaceWithVoid();
            }
            return chain;
        });
    }
}
