package com.convosensei.processor.judge;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The optional LLM judge: an OpenAI-compatible chat-completions endpoint asked to classify a sampled share of
 * conversations. Off by default; it also stays off while base URL or model are unset.
 */
@ConfigMapping(prefix = "sensei.judge")
public interface JudgeConfig {

    @WithDefault("false")
    boolean enabled();

    /** Share of conversations judged (0-1), chosen by a hash of the conversation id, so always the same ones. */
    @WithDefault("0.1")
    double sampleRate();

    /** e.g. {@code https://api.openai.com} or {@code http://localhost:11434/v1}; {@code /v1} is added when missing. */
    Optional<String> baseUrl();

    Optional<String> model();

    Optional<String> apiKey();

    /** Judge only conversations that ended (client or inactivity): a verdict on half a conversation is noise. */
    @WithDefault("true")
    boolean onlyEnded();

    /**
     * Judge only conversations where the analysis was unsure (a type's calibrated probability in the band just below
     * its threshold, {@code AnalysisResult.uncertain()}): where rules and model agree a second opinion adds little.
     */
    @WithDefault("true")
    boolean onlyUncertain();

    /** The transcript sent is cut to this many characters (start and end kept). */
    @WithDefault("12000")
    int maxChars();

    @WithDefault("60s")
    Duration timeout();

    /** Judge calls in flight at once per replica; beyond it a conversation is skipped (it is a sample anyway). */
    @WithDefault("4")
    int maxConcurrent();

    default boolean active() {
        return enabled() && baseUrl().filter(s -> !s.isBlank()).isPresent() && model().filter(s -> !s.isBlank()).isPresent();
    }
}
