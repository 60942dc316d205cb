package com.convosensei.dashboard.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** dashboard-api's one write: the audit row of a transcript reveal (in {@code audit_events}, V6; no text in it). */
@ApplicationScoped
public class AuditRepository {

    public static final String TRANSCRIPT_REVEAL = "transcript.reveal";

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    /** Completes once the row is committed: the clear text is only handed out after that. */
    public Uni<Void> transcriptRevealed(String actor, UUID conversationId) {
        return pool.preparedQuery("insert into audit_events (actor, action, target_kind, target_ref) "
                        + "values ($1, $2, 'conversation', $3)")
                .execute(Tuple.of(actor, TRANSCRIPT_REVEAL, conversationId.toString()))
                .replaceWithVoid();
    }
}
