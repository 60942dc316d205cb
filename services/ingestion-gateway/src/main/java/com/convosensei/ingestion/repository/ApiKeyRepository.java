package com.convosensei.ingestion.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** The two statements the gateway runs against {@code api_keys}: look a key up by prefix, stamp its last use. */
@ApplicationScoped
public class ApiKeyRepository {

    /** A stored key row: what verification needs, and the key's OTLP conversation attribute (or null). */
    public record StoredKey(UUID id, String prefix, String secretHash, OffsetDateTime revokedAt,
                            String otlpConversationAttribute) {
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<StoredKey>> findByPrefix(String prefix) {
        return pool.preparedQuery("select id, prefix, secret_hash, revoked_at, otlp_conversation_attribute"
                        + " from api_keys where prefix = $1")
                .execute(Tuple.of(prefix))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    Row row = it.next();
                    return Optional.of(new StoredKey(row.getUUID("id"), row.getString("prefix"),
                            row.getString("secret_hash"), row.getOffsetDateTime("revoked_at"),
                            row.getString("otlp_conversation_attribute")));
                });
    }

    /** Sets last_used_at = now() unless another instance did so within {@code minSeconds}. */
    public Uni<Void> touchLastUsed(UUID id, long minSeconds) {
        return pool.preparedQuery("update api_keys set last_used_at = now() where id = $1 "
                        + "and (last_used_at is null or last_used_at < now() - make_interval(secs => $2))")
                .execute(Tuple.of(id, (double) minSeconds))
                .replaceWithVoid();
    }
}
