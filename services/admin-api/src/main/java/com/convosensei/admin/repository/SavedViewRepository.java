package com.convosensei.admin.repository;

import com.convosensei.contracts.admin.SavedView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.convosensei.platform.error.ApiException;
import com.convosensei.platform.json.JsonChecks;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** {@code saved_views}; every query is scoped to the owner, so another user's view is simply "not found". */
@ApplicationScoped
public class SavedViewRepository {

    /** Unique (owner, scope, name): a clash is reported as 409. */
    public static final String NAME_CONSTRAINT = "saved_views_owner_scope_name_key";
    private static final String COLUMNS = "id, name, scope, config::text as config, created_at, updated_at";
    /** Same bound as on save (SavedViewResource.MAX_CONFIG_DEPTH): a row deeper than this was stored before the check. */
    public static final int MAX_CONFIG_DEPTH = 32;
    private static final Logger LOG = Logger.getLogger(SavedViewRepository.class);

    private final Pool pool;
    private final ObjectMapper mapper;

    public SavedViewRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<List<SavedView>> list(String owner, String scope) {
        return pool.preparedQuery("select " + COLUMNS + " from saved_views where owner = $1 and ($2::text is null or scope = $2)"
                        + " order by scope, lower(name), id")
                .execute(Tuple.of(owner, scope))
                .map(rows -> {
                    // one unreadable row (stored before the save-time checks) must not break the list for its owner
                    List<SavedView> out = new ArrayList<>();
                    for (Row r : rows) {
                        SavedView v = readable(r);
                        if (v != null) {
                            out.add(v);
                        }
                    }
                    return out;
                });
    }

    public Uni<SavedView> find(String owner, UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from saved_views where owner = $1 and id = $2")
                .execute(Tuple.of(owner, id)).map(this::single);
    }

    public Uni<SavedView> insert(String owner, String name, String scope, String configJson) {
        return pool.preparedQuery("insert into saved_views (owner, name, scope, config) values ($1, $2, $3, $4::text::jsonb)"
                        + " returning " + COLUMNS)
                .execute(Tuple.of(owner, name, scope, configJson)).map(this::single);
    }

    /** Full replace; null when the owner has no such view. */
    public Uni<SavedView> replace(String owner, UUID id, String name, String scope, String configJson) {
        return pool.preparedQuery("update saved_views set name = $3, scope = $4, config = $5::text::jsonb, updated_at = now()"
                        + " where owner = $1 and id = $2 returning " + COLUMNS)
                .execute(Tuple.of(owner, id, name, scope, configJson)).map(this::single);
    }

    public Uni<Boolean> delete(String owner, UUID id) {
        return pool.preparedQuery("delete from saved_views where owner = $1 and id = $2")
                .execute(Tuple.of(owner, id)).map(rows -> rows.rowCount() > 0);
    }

    /** The one row, null when there is none; a row that cannot be served is a 409 saying how to repair it. */
    private SavedView single(RowSet<Row> rows) {
        RowIterator<Row> it = rows.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Row row = it.next();
        SavedView view = readable(row);
        if (view == null) {
            throw ApiException.conflict("saved view " + row.getUUID("id") + " holds a config that cannot be read back"
                    + " (nested deeper than " + MAX_CONFIG_DEPTH + " levels or not valid JSON): save it again with PUT or delete it");
        }
        return view;
    }

    /** The row as a view, or null (logged) when its config could not be written back out as valid JSON. */
    private SavedView readable(Row row) {
        try {
            JsonNode config = mapper.readTree(row.getString("config"));
            JsonChecks.check("config", config, MAX_CONFIG_DEPTH);
            return new SavedView(row.getUUID("id"), row.getString("name"), row.getString("scope"),
                    config, Sql.instant(row, "created_at"), Sql.instant(row, "updated_at"));
        } catch (JsonProcessingException | ApiException e) {
            LOG.warnf("saved view %s skipped: its config cannot be served (%s)", row.getUUID("id"), e.getMessage());
            return null;
        }
    }
}
