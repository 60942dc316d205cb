package com.convosensei.processor.embedding;

import com.convosensei.analysis.embedding.TextEmbedder;
import com.convosensei.analysis.embedding.remote.OpenAiCompatibleEmbedder;
import com.convosensei.analysis.learned.StaticEmbedder;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Embeds a conversation's text into {@code conversation_embeddings}. The embedder is the local static sentence
 * embedder (in-process, no network) unless an OpenAI-compatible endpoint is configured. Each vector is stored with its
 * model id; unchanged text (same content hash, same model) is not embedded again, and a vector of another model is
 * replaced, so one model's vectors are never read as another's.
 */
@ApplicationScoped
public class EmbeddingService {

    /** What {@link #embed} did. */
    public enum Result { STORED, UNCHANGED, EMPTY, MISSING }

    private final EmbeddingRepository repository;
    private final EmbeddingsConfig config;
    private final Vertx vertx;
    private final TextEmbedder embedder;

    public EmbeddingService(EmbeddingRepository repository, EmbeddingsConfig config, Vertx vertx) {
        this.repository = repository;
        this.config = config;
        this.vertx = vertx;
        this.embedder = config.remote()
                ? new OpenAiCompatibleEmbedder(config.baseUrl().orElseThrow(), config.model().orElseThrow(),
                        config.apiKey().orElse(""), null, 64, 2, config.timeout())
                : StaticEmbedder.shared();
        Log.infof("conversation embeddings use model %s", embedder.model());
    }

    public TextEmbedder embedder() {
        return embedder;
    }

    public boolean remote() {
        return config.remote();
    }

    public Uni<Result> embed(UUID conversationId) {
        return repository.source(conversationId, config.maxChars()).chain(source -> {
            if (source == null) {
                return Uni.createFrom().item(Result.MISSING);
            }
            if (source.text() == null || source.text().isBlank()) {
                return Uni.createFrom().item(Result.EMPTY);
            }
            String hash = contentHash(embedder.model(), source.text());
            if (hash.equals(source.storedHash()) && embedder.model().equals(source.storedModel())) {
                return Uni.createFrom().item(Result.UNCHANGED);
            }
            // a remote embedder blocks on HTTP; the local one is cheap but keep one code path
            return vertx.executeBlocking(Uni.createFrom().item(() -> embedder.embed(source.text())), false)
                    .chain(vector -> repository.upsert(conversationId, embedder.model(), vector, hash))
                    .map(stored -> Result.STORED);
        });
    }

    static String contentHash(String model, String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(model.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
