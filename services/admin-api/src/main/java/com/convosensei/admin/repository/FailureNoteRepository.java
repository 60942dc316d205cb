package com.convosensei.admin.repository;

import com.convosensei.contracts.failure.FailureNoteView;
import com.convosensei.platform.db.FailureNoteRows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Owner of {@code failure_notes} (V16): admins add and delete notes; dashboard-api lists them read-only. */
@ApplicationScoped
public class FailureNoteRepository {

    private final Pool pool;

    public FailureNoteRepository(Pool pool) {
        this.pool = pool;
    }

    /** The stored note, or null when there is no such failure. */
    public Uni<FailureNoteView> add(UUID failureId, String author, String body) {
        return pool.preparedQuery("""
                        insert into failure_notes as n (failure_id, author, body)
                        select f.id, $2, $3 from failures f where f.id = $1
                        returning %s""".formatted(FailureNoteRows.COLUMNS))
                .execute(Tuple.of(failureId, author, body))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? FailureNoteRows.view(it.next()) : null;
                });
    }

    /** Whether the note existed (on that failure) and is gone now. */
    public Uni<Boolean> delete(UUID failureId, UUID noteId) {
        return pool.preparedQuery("delete from failure_notes where id = $1 and failure_id = $2")
                .execute(Tuple.of(noteId, failureId))
                .map(rows -> rows.rowCount() > 0);
    }
}
