package com.convosensei.admin.repository;

import com.convosensei.contracts.admin.ApiKeyView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code api_keys}. Reads never select {@code secret_hash}: nothing here can leak it into a response. */
@ApplicationScoped
public class ApiKeyRepository {

    public static final String PREFIX_CONSTRAINT = "api_keys_prefix_key";
    private static final String COLUMNS = "id, name, prefix, created_at, created_by, last_used_at, revoked_at, revoked_by,"
            + " otlp_conversation_attribute";

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<ApiKeyView> insert(String name, String prefix, String secretHash, String createdBy,
                                  String otlpConversationAttribute) {
        return pool.preparedQuery("insert into api_keys (name, prefix, secret_hash, created_by, otlp_conversation_attribute)"
                        + " values ($1, $2, $3, $4, $5) returning " + COLUMNS)
                .execute(Tuple.of(name, prefix, secretHash, createdBy, otlpConversationAttribute))
                .map(rows -> view(rows.iterator().next()));
    }

    /** Newest first; revoked keys stay listed (with revoked_at) so the audit trail is visible. */
    public Uni<List<ApiKeyView>> list() {
        return pool.query("select " + COLUMNS + " from api_keys order by created_at desc, id desc").execute()
                .map(rows -> {
                    List<ApiKeyView> out = new ArrayList<>();
                    rows.forEach(r -> out.add(view(r)));
                    return out;
                });
    }

    public Uni<ApiKeyView> find(UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from api_keys where id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? view(it.next()) : null;
                });
    }

    /** Sets the key's OTLP conversation attribute (null clears it); null when there is no such key. */
    public Uni<ApiKeyView> updateOtlpConversationAttribute(UUID id, String attribute) {
        return pool.preparedQuery("update api_keys set otlp_conversation_attribute = $2 where id = $1 returning " + COLUMNS)
                .execute(Tuple.of(id, attribute))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? view(it.next()) : null;
                });
    }

    /** Revokes (first revocation's who/when win, so repeating is harmless); null when there is no such key. */
    public Uni<ApiKeyView> revoke(UUID id, String revokedBy) {
        return pool.preparedQuery("update api_keys set revoked_at = coalesce(revoked_at, now()),"
                        + " revoked_by = case when revoked_at is null then $2 else revoked_by end"
                        + " where id = $1 returning " + COLUMNS)
                .execute(Tuple.of(id, revokedBy))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? view(it.next()) : null;
                });
    }

    private static ApiKeyView view(Row r) {
        return new ApiKeyView(r.getUUID("id"), r.getString("name"), r.getString("prefix"), Sql.instant(r, "created_at"),
                r.getString("created_by"), Sql.instant(r, "last_used_at"), Sql.instant(r, "revoked_at"), r.getString("revoked_by"),
                r.getString("otlp_conversation_attribute"));
    }
}
