package com.convosensei.processor.ingest;

import com.convosensei.contracts.ingest.FeedbackRequest;
import com.convosensei.contracts.stream.FeedbackEvent;
import com.convosensei.db.privacy.ErasureHashes;
import com.convosensei.db.privacy.Tombstones;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps erased data erased: inside the ingest write transaction, drops what a tombstone ({@code erasure_tombstones},
 * written by admin-api's erasure) says was received at or before the erasure of its conversation or of its user. A
 * replayed DLQ entry, a redelivered pending entry or an SDK retry of an old request therefore cannot resurrect an
 * erased conversation; data received after the erasure is a new conversation and is kept. See {@link Tombstones}
 * for the lock that orders this check against a concurrent erasure. The feedback consumer applies the same rule
 * ({@link #filterFeedback}).
 */
@ApplicationScoped
public class ErasureGuard {

    private final ErasureHashes hashes;

    public ErasureGuard(@ConfigProperty(name = "sensei.privacy.hash-secret") String secret) {
        this.hashes = new ErasureHashes(secret);
    }

    /** The writes to keep, with messages received before an erasure removed (same order as given). */
    Uni<List<ConversationWrite>> filter(SqlConnection conn, List<ConversationWrite> writes) {
        List<String> kinds = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (ConversationWrite w : writes) {
            kinds.add(ErasureHashes.KIND_CONVERSATION);
            refs.add(hashes.conversation(w.environment, w.externalId));
            if (w.userId != null) {
                kinds.add(ErasureHashes.KIND_USER);
                refs.add(hashes.user(w.userId));
            }
        }
        return erasures(conn, kinds, refs)
                .map(erasedAt -> {
                    if (erasedAt.isEmpty()) {
                        return writes;
                    }
                    List<ConversationWrite> kept = new ArrayList<>(writes.size());
                    for (ConversationWrite w : writes) {
                        Instant erased = latest(
                                erasedAt.get(ErasureHashes.KIND_CONVERSATION + ":" + hashes.conversation(w.environment, w.externalId)),
                                w.userId == null ? null : erasedAt.get(ErasureHashes.KIND_USER + ":" + hashes.user(w.userId)));
                        if (erased == null) {
                            kept.add(w);
                        } else if (w.lastActivityAt != null && w.lastActivityAt.isAfter(erased)) {
                            w.dropReceivedUpTo(erased);
                            kept.add(w);
                        }
                        // else: everything in it was received before the erasure; dropped
                    }
                    return kept;
                });
    }

    /**
     * The feedback to keep: an item received at or before the erasure of its conversation or of its user (the one
     * who gave it) is dropped, like a message; feedback received later starts afresh.
     */
    public Uni<List<FeedbackEvent>> filterFeedback(SqlConnection conn, List<FeedbackEvent> events) {
        List<String> kinds = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (FeedbackEvent e : events) {
            FeedbackRequest f = e.feedback();
            kinds.add(ErasureHashes.KIND_CONVERSATION);
            refs.add(hashes.conversation(f.environment(), f.conversationId()));
            if (f.userId() != null) {
                kinds.add(ErasureHashes.KIND_USER);
                refs.add(hashes.user(f.userId()));
            }
        }
        return erasures(conn, kinds, refs).map(erasedAt -> {
            if (erasedAt.isEmpty()) {
                return events;
            }
            List<FeedbackEvent> kept = new ArrayList<>(events.size());
            for (FeedbackEvent e : events) {
                FeedbackRequest f = e.feedback();
                Instant erased = latest(
                        erasedAt.get(ErasureHashes.KIND_CONVERSATION + ":" + hashes.conversation(f.environment(), f.conversationId())),
                        f.userId() == null ? null : erasedAt.get(ErasureHashes.KIND_USER + ":" + hashes.user(f.userId())));
                if (erased == null || (e.receivedAt() != null && e.receivedAt().isAfter(erased))) {
                    kept.add(e);
                }
            }
            return kept;
        });
    }

    /** Tombstones of the given (kind, hash) pairs as {@code kind:hash -> erased_at}, read under the ingest lock. */
    private static Uni<Map<String, Instant>> erasures(SqlConnection conn, List<String> kinds, List<String> refs) {
        return conn.preparedQuery("select pg_advisory_xact_lock_shared($1)").execute(Tuple.of(Tombstones.INGEST_LOCK))
                // a statement of its own after the lock: its snapshot must include erasures committed while we waited
                .chain(() -> conn.preparedQuery(Tombstones.FIND).execute(Tuple.tuple()
                        .addArrayOfString(kinds.toArray(String[]::new)).addArrayOfString(refs.toArray(String[]::new))))
                .map(rows -> {
                    Map<String, Instant> erasedAt = new HashMap<>();
                    for (Row row : rows) {
                        erasedAt.put(row.getString("kind") + ":" + row.getString("ref_hash"),
                                row.getOffsetDateTime("erased_at").toInstant());
                    }
                    return erasedAt;
                });
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : (a.isAfter(b) ? a : b);
    }
}
