package com.convosensei.platform.db;

import com.convosensei.contracts.admin.SettingsView;
import com.convosensei.platform.settings.AlertThresholdRules;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The one mapping of the single {@code app_settings} row (id = 1) to {@link SettingsView}: admin-api (GET/PUT
 * /settings) and the processor (alerting) read it the same way, thresholds merged by {@link AlertThresholdRules}.
 */
public final class SettingsRows {

    /** The select list {@link #view} reads. */
    public static final String COLUMNS =
            "slack_webhook_url, alert_thresholds::text as alert_thresholds, updated_at, updated_by";

    private SettingsRows() {
    }

    public static SettingsView view(ObjectMapper mapper, Row row) {
        return new SettingsView(row.getString("slack_webhook_url"),
                AlertThresholdRules.merge(Columns.json(mapper, row, "alert_thresholds")),
                Columns.instant(row, "updated_at"), row.getString("updated_by"));
    }
}
