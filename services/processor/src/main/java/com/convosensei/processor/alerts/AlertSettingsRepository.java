package com.convosensei.processor.alerts;

import com.convosensei.contracts.admin.SettingsView;
import com.convosensei.platform.db.SettingsRows;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the single {@code app_settings} row. Scoring asks for the thresholds on every conversation, so the row is
 * cached for {@link AlertsConfig#settingsCacheTtl()} (0 = always read).
 */
@ApplicationScoped
public class AlertSettingsRepository {

    private final Pool pool;
    private final ObjectMapper mapper;
    private final long ttlNanos;
    private volatile Cached cached;

    private record Cached(AlertSettings settings, long readAtNanos) {
    }

    public AlertSettingsRepository(Pool pool, ObjectMapper mapper, AlertsConfig config) {
        this.pool = pool;
        this.mapper = mapper;
        this.ttlNanos = config.settingsCacheTtl().toNanos();
    }

    public Uni<AlertSettings> current() {
        Cached c = cached;
        if (c != null && System.nanoTime() - c.readAtNanos() < ttlNanos) {
            return Uni.createFrom().item(c.settings());
        }
        return pool.query("select " + SettingsRows.COLUMNS + " from app_settings where id = 1")
                .execute()
                .map(rows -> {
                    AlertSettings settings = rows.iterator().hasNext() ? read(rows.iterator().next()) : AlertSettings.DEFAULTS;
                    cached = new Cached(settings, System.nanoTime());
                    return settings;
                });
    }

    private AlertSettings read(Row row) {
        SettingsView view = SettingsRows.view(mapper, row);
        return new AlertSettings(view.slackWebhookUrl(), view.alertThresholds());
    }
}
