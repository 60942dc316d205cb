package com.convosensei.processor.embedding;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Conversation embeddings (feature flag {@code sensei.features.embeddings}, env {@code FEATURE_EMBEDDINGS}). The
 * local sentence embedder ({@code StaticEmbedder}) is used unless base URL and model of an OpenAI-compatible
 * {@code /v1/embeddings} endpoint are set.
 */
@ConfigMapping(prefix = "sensei.embeddings")
public interface EmbeddingsConfig {

    /** env SENSEI_EMBEDDINGS_BASE_URL, e.g. https://api.openai.com/v1 */
    Optional<String> baseUrl();

    /** env SENSEI_EMBEDDINGS_MODEL, e.g. text-embedding-3-small */
    Optional<String> model();

    /** env SENSEI_EMBEDDINGS_API_KEY */
    Optional<String> apiKey();

    /** Characters of conversation text embedded. */
    @WithDefault("8000")
    int maxChars();

    @WithDefault("30s")
    Duration timeout();

    default boolean remote() {
        return baseUrl().filter(s -> !s.isBlank()).isPresent() && model().filter(s -> !s.isBlank()).isPresent();
    }
}
