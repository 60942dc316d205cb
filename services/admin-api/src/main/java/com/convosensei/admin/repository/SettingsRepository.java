package com.convosensei.admin.repository;

import com.convosensei.contracts.admin.SettingsView;
import com.convosensei.platform.db.SettingsRows;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The single {@code app_settings} row (id = 1, created by the migration). It is only ever read and UPDATEd here,
 * never inserted, so the table keeps exactly one row whatever clients send.
 */
@ApplicationScoped
public class SettingsRepository {

    private static final String COLUMNS = SettingsRows.COLUMNS;

    private final Pool pool;
    private final ObjectMapper mapper;

    public SettingsRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<SettingsView> get() {
        return pool.query("select " + COLUMNS + " from app_settings where id = 1").execute().map(this::single);
    }

    /**
     * @param setUrl        whether to change the webhook (false keeps it)
     * @param url           the new webhook, null to clear
     * @param thresholdsJson keys to merge over the stored thresholds ("{}" changes nothing)
     */
    public Uni<SettingsView> update(boolean setUrl, String url, String thresholdsJson, String updatedBy) {
        return pool.preparedQuery("update app_settings set"
                        + " slack_webhook_url = case when $1 then $2 else slack_webhook_url end,"
                        + " alert_thresholds = alert_thresholds || $3::text::jsonb,"
                        + " updated_at = now(), updated_by = $4"
                        + " where id = 1 returning " + COLUMNS)
                .execute(Tuple.of(setUrl, url, thresholdsJson, updatedBy)).map(this::single);
    }

    private SettingsView single(RowSet<Row> rows) {
        RowIterator<Row> it = rows.iterator();
        if (!it.hasNext()) {
            throw new IllegalStateException("app_settings row 1 is missing (it is created by migration V1)");
        }
        return SettingsRows.view(mapper, it.next());
    }
}
