package com.convosensei.processor.embedding;

import com.convosensei.contracts.stream.Streams;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Producer end of {@code sensei:embed}: the process consumer asks for an embedding after each scoring (flag on). */
@ApplicationScoped
public class EmbedPublisher {

    static final long MAX_LEN = 200_000;

    private final ReactiveStreamCommands<String, String, String> streams;
    private final boolean enabled;

    public EmbedPublisher(ReactiveRedisDataSource redis,
                          @ConfigProperty(name = "sensei.features.embeddings", defaultValue = "false") boolean enabled) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /** No-op while the feature is off. */
    public Uni<Void> publish(UUID conversationId) {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        return streams.xadd(Streams.EMBED, new XAddArgs().maxlen(MAX_LEN).nearlyExactTrimming(),
                        Map.of(Streams.FIELD_PAYLOAD, "{\"conversation_id\":\"" + conversationId + "\"}"))
                .replaceWithVoid();
    }
}
