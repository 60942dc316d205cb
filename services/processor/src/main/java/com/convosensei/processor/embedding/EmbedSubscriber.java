package com.convosensei.processor.embedding;

import com.convosensei.analysis.embedding.EmbeddingException;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.processor.stream.Decoded;
import com.convosensei.processor.stream.NonRetryableException;
import com.convosensei.processor.stream.StreamEntries;
import com.convosensei.processor.stream.StreamEntry;
import com.convosensei.processor.stream.StreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
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
public class EmbedSubscriber implements StreamHandler<EmbedEvent> {

    private final EmbeddingService embeddings;
    private final ObjectMapper mapper;

    public EmbedSubscriber(EmbeddingService embeddings, ObjectMapper mapper) {
        this.embeddings = embeddings;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return "embed";
    }

    @Override
    public String stream() {
        return Streams.EMBED;
    }

    @Override
    public EmbedEvent decode(StreamEntry entry) {
        EmbedEvent event = StreamEntries.json(mapper, entry, EmbedEvent.class);
        if (event.conversationId() == null) {
            throw new NonRetryableException("embed event without conversation_id");
        }
        return event;
    }

    @Override
    public Uni<Void> process(List<Decoded<EmbedEvent>> batch) {
        Set<UUID> ids = new LinkedHashSet<>();
        batch.forEach(d -> ids.add(d.value().conversationId()));
        return Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(id -> embeddings.embed(id)
                        .invoke(result -> Log.debugf("embedding of %s: %s", id, result)))
                .collect().last().replaceWithVoid();
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
        return StreamHandler.super.isTransient(failure);
    }
}
