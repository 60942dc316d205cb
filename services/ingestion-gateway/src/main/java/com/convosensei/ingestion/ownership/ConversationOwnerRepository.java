package com.convosensei.ingestion.ownership;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one writer of {@code conversation_owners} (V8). {@link #claim} settles, for a set of conversations, which key
 * owns each: unclaimed ones become the caller's (or the key already stored on a pre-V8 conversation row), claimed ones
 * keep their owner. Two statements at most, whatever the number of conversations.
 */
@ApplicationScoped
public class ConversationOwnerRepository {

    /** A conversation's identity: what the processor upserts on. */
    public record ConversationRef(String environment, String externalId) {
        String key() {
            return environment + "\u0000" + externalId;
        }
    }

    /**
     * Claims the unclaimed ones for {@code keyId}. A conversation row written before V8 (by an event still in the
     * stream when it ran) keeps the key stored on it.
     */
    static final String CLAIM = """
            insert into conversation_owners (environment, external_id, api_key_id)
            select u.environment, u.external_id, coalesce(c.api_key_id, $3::uuid)
            from unnest($1::text[], $2::text[]) as u(environment, external_id)
            left join conversations c on c.environment = u.environment and c.external_id = u.external_id
            on conflict (environment, external_id) do nothing
            returning environment, external_id, api_key_id
            """;

    /** A separate statement (a new snapshot): sees claims committed by concurrent requests that made ours conflict. */
    static final String OWNERS = """
            select o.environment, o.external_id, o.api_key_id
            from conversation_owners o
            join unnest($1::text[], $2::text[]) as u(environment, external_id)
              on o.environment = u.environment and o.external_id = u.external_id
            """;

    private final Pool pool;

    public ConversationOwnerRepository(Pool pool) {
        this.pool = pool;
    }

    /** Owner key id of each conversation (keyed by {@link ConversationRef#key()}), claiming the unclaimed for {@code keyId}. */
    public Uni<Map<String, UUID>> claim(List<ConversationRef> refs, UUID keyId) {
        String[] environments = refs.stream().map(ConversationRef::environment).toArray(String[]::new);
        String[] externalIds = refs.stream().map(ConversationRef::externalId).toArray(String[]::new);
        Map<String, UUID> owners = new HashMap<>();
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.tuple().addArrayOfString(environments).addArrayOfString(externalIds).addUUID(keyId))
                .flatMap(claimed -> {
                    collect(claimed, owners);
                    if (owners.size() == refs.stream().map(ConversationRef::key).distinct().count()) {
                        return Uni.createFrom().item(owners);
                    }
                    return pool.preparedQuery(OWNERS)
                            .execute(Tuple.tuple().addArrayOfString(environments).addArrayOfString(externalIds))
                            .map(rows -> {
                                collect(rows, owners);
                                return owners;
                            });
                });
    }

    private static void collect(Iterable<Row> rows, Map<String, UUID> into) {
        for (Row row : rows) {
            into.put(row.getString("environment") + "\u0000" + row.getString("external_id"), row.getUUID("api_key_id"));
        }
    }
}
