package com.convosensei.admin.repository;

import com.convosensei.contracts.admin.AlertThresholds;
import com.convosensei.contracts.admin.SettingsView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/**
 * The single {@code app_settings} row (id = 1, created by the migration). It is only ever read and UPDATEd here,
 * never inserted, so the table keeps exactly one row whatever clients send.
 */
@ApplicationScoped
public class SettingsRepository {

    private static final String COLUMNS = "slack_webhook_url, alert_thresholds::text as alert_thresholds, updated_at, updated_by";

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
        Row row = it.next();
        return new SettingsView(row.getString("slack_webhook_url"), thresholds(row.getString("alert_thresholds")),
                Sql.instant(row, "updated_at"), row.getString("updated_by"));
    }

    /** Stored JSON over the defaults: a key missing or of the wrong type reads as its default. */
    AlertThresholds thresholds(String json) {
        AlertThresholds d = AlertThresholds.DEFAULTS;
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (IOException e) {
            return d;
        }
        JsonNode sev = node.get("min_severity");
        JsonNode health = node.get("health_below");
        JsonNode cooldown = node.get("cooldown_minutes");
        JsonNode digest = node.get("digest_after_per_minute");
        return new AlertThresholds(
                sev != null && sev.isTextual() ? sev.asText() : d.minSeverity(),
                health != null && health.isNumber() ? health.asDouble() : d.healthBelow(),
                cooldown != null && cooldown.canConvertToInt() ? cooldown.asInt() : d.cooldownMinutes(),
                digest != null && digest.canConvertToInt() ? digest.asInt() : d.digestAfterPerMinute());
    }
}
