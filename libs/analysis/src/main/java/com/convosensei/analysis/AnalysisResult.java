package com.convosensei.analysis;

import com.convosensei.contracts.conversation.HealthBreakdown;
import com.convosensei.contracts.failure.FailureType;
import java.util.List;

/**
 * What {@link ConversationAnalyzer#analyze} returns; {@code sentimentPerMessage} is aligned with the messages.
 * {@code uncertain}: fused types with no finding whose highest calibrated probability fell in the band below the
 * threshold ({@link com.convosensei.analysis.learned.Calibration#uncertainLow()}): what a second opinion (the
 * optional LLM judge) is for.
 */
public record AnalysisResult(List<Double> sentimentPerMessage, SentimentStats sentiment, List<Finding> findings,
                             HealthBreakdown health, List<FailureType> uncertain) {
    public AnalysisResult {
        sentimentPerMessage = List.copyOf(sentimentPerMessage);
        findings = List.copyOf(findings);
        uncertain = List.copyOf(uncertain);
    }
}
