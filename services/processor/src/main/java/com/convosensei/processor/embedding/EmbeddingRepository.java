package com.convosensei.processor.embedding;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** {@code conversation_embeddings}: one vector per conversation (real[]), replaced when the text changes. */
@ApplicationScoped
public class EmbeddingRepository {

    private final Pool pool;

    public EmbeddingRepository(Pool pool) {
        this.pool = pool;
    }

    /** The conversation's text and the hash/model of its stored embedding (both null when none). */
    public record Source(String text, String storedHash, String storedModel) {
    }

    public Uni<Source> source(UUID conversationId, int maxChars) {
        return pool.preparedQuery("select " + ConversationText.sql("$2") + " as text, e.content_hash, e.model "
                        + "from conversations c left join conversation_embeddings e on e.conversation_id = c.id "
                        + "where c.id = $1")
                .execute(Tuple.of(conversationId, maxChars))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Source(r.getString("text"), r.getString("content_hash"), r.getString("model"));
                });
    }

    /** Inserts or replaces the embedding; a no-op when the same model already embedded the same text. */
    public Uni<Boolean> upsert(UUID conversationId, String model, float[] vector, String contentHash) {
        Float[] boxed = new Float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            boxed[i] = vector[i];
        }
        return pool.preparedQuery("""
                        insert into conversation_embeddings (conversation_id, model, dimensions, embedding, content_hash)
                        select c.id, $2, $3, $4::real[], $5 from conversations c where c.id = $1
                        on conflict (conversation_id) do update
                            set model = excluded.model, dimensions = excluded.dimensions, embedding = excluded.embedding,
                                content_hash = excluded.content_hash, updated_at = now()
                            where conversation_embeddings.content_hash <> excluded.content_hash
                               or conversation_embeddings.model <> excluded.model""")
                .execute(Tuple.of(conversationId, model, vector.length, boxed, contentHash))
                .map(rows -> rows.rowCount() > 0);
    }
}
