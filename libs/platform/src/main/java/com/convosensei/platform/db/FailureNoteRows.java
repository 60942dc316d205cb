package com.convosensei.platform.db;

import com.convosensei.contracts.failure.FailureNoteView;
import io.vertx.mutiny.sqlclient.Row;

/** The one mapping of a {@code failure_notes} row: admin-api answers a write with it, dashboard-api lists with it. */
public final class FailureNoteRows {

    public static final String COLUMNS = "n.id, n.failure_id, n.author, n.body, n.created_at";

    private FailureNoteRows() {
    }

    public static FailureNoteView view(Row row) {
        return new FailureNoteView(row.getUUID("id"), row.getUUID("failure_id"), row.getString("author"),
                row.getString("body"), Columns.instant(row, "created_at"));
    }
}
