package com.convosensei.processor.embedding;

import com.convosensei.analysis.embedding.EmbeddingException;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.processor.stream.Decoded;
import com.convosensei.processor.stream.JsonStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Consumer of {@code sensei:embed} (started only with {@code FEATURE_EMBEDDINGS=true}, see application.properties):
 * embeds each conversation of the batch once, one after the other (a remote embedder is rate limited).
 */
@ApplicationScoped
public class EmbedSubscriber extends JsonStreamHandler<EmbedEvent> {

    private final EmbeddingService embeddings;

    public EmbedSubscriber(EmbeddingService embeddings, ObjectMapper mapper) {
        super("embed", Streams.EMBED, EmbedEvent.class, mapper);
        this.embeddings = embeddings;
    }

    @Override
    protected void check(EmbedEvent event) {
        if (event.conversationId() == null) {
            throw invalid("embed event without conversation_id");
        }
    }

    @Override
    public Uni<Void> process(List<Decoded<EmbedEvent>> batch) {
        Set<UUID> ids = new LinkedHashSet<>();
        batch.forEach(d -> ids.add(d.value().conversationId()));
        return oneAtATime(ids, id -> embeddings.embed(id)
                .invoke(result -> Log.debugf("embedding of %s: %s", id, result)));
    }

    /**
     * A remote embedder that is unreachable or rate limiting will answer later (retried in place); its other errors
     * (4xx, 5xx) count as deliveries and end in the DLQ.
     */
    @Override
    public boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EmbeddingException e) {
                return e.status() == -1 || e.status() == 429;
            }
        }
        return super.isTransient(failure);
    }
}
