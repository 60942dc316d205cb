package com.convosensei.analysis.learned;

/**
 * What the learned layer knows about one message on its own, computed once per distinct message and reused when a
 * conversation is re-scored: its embedding, how many tokens it has (up to {@link StaticEmbedder#MAX_TOKENS}),
 * sentiment in [-1, 1], and the model's probability for each per-message head that applies to its role (NaN where a
 * head does not apply, or the message is not English).
 */
public record MessageSignals(float[] embedding, int tokens, boolean english, double sentiment, double refusal,
                             double error, double injection, double escalation) {
}
