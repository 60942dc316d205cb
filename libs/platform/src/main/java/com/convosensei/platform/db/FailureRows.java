package com.convosensei.platform.db;

import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.vertx.mutiny.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * The one mapping of a {@code failures} row (joined to its conversation for the external id) to {@link FailureView},
 * used by dashboard-api (reads) and admin-api (status changes), so both answer with the same shape.
 */
public final class FailureRows {

    private FailureRows() {
    }

    /**
     * The select list {@link #view} reads.
     *
     * @param failure      alias of the failures row (a table or a CTE returning {@code failures.*})
     * @param conversation alias of the joined conversations row
     */
    public static String columns(String failure, String conversation) {
        return """
                %1$s.id, %1$s.conversation_id, %2$s.external_id as conversation_external_id, %1$s.type, %1$s.severity,
                %1$s.confidence, %1$s.explanation, %1$s.evidence::text as evidence, %1$s.source, %1$s.status,
                %1$s.status_changed_at, %1$s.status_changed_by, %1$s.detected_at, %1$s.last_seen_at"""
                .formatted(failure, conversation);
    }

    public static FailureView view(ObjectMapper mapper, Row row) {
        return new FailureView(row.getUUID("id"), row.getUUID("conversation_id"),
                row.getString("conversation_external_id"), row.getString("type"), row.getString("severity"),
                row.getDouble("confidence"), row.getString("explanation"), evidence(mapper, row), row.getString("source"),
                row.getString("status"), Columns.instant(row, "status_changed_at"), row.getString("status_changed_by"),
                Columns.instant(row, "detected_at"), Columns.instant(row, "last_seen_at"));
    }

    /**
     * Evidence is written by the processor; an unreadable item is skipped with a warning rather than hiding the
     * failure or the other items.
     */
    static List<Evidence> evidence(ObjectMapper mapper, Row row) {
        JsonNode array = Columns.json(mapper, row, "evidence");
        List<Evidence> out = new ArrayList<>();
        if (array == null || !array.isArray()) {
            return out;
        }
        for (JsonNode e : array) {
            try {
                out.add(mapper.treeToValue(e, Evidence.class));
            } catch (Exception ex) {
                Log.warnf("failure %s: unreadable evidence %s", row.getUUID("id"), e);
            }
        }
        return out;
    }
}
