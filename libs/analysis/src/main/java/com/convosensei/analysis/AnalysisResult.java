package com.convosensei.analysis;

import com.convosensei.contracts.conversation.HealthBreakdown;
import java.util.List;

/** What {@link ConversationAnalyzer#analyze} returns; {@code sentimentPerMessage} is aligned with the messages. */
public record AnalysisResult(List<Double> sentimentPerMessage, SentimentStats sentiment, List<Finding> findings,
                             HealthBreakdown health) {
    public AnalysisResult {
        sentimentPerMessage = List.copyOf(sentimentPerMessage);
        findings = List.copyOf(findings);
    }
}
