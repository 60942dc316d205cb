package com.convosensei.analysis.learned;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.AnalysisResult;
import com.convosensei.analysis.ConversationAnalyzer;
import com.convosensei.analysis.model.Conversation;
import com.convosensei.analysis.model.Message;
import com.convosensei.contracts.failure.FailureType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the LLM judge is asked about: fused types that stayed below their threshold but inside the band. */
class UncertainBandTest {

    private static final Conversation REFUSED = Conversation.of("c", true, List.of(
            Message.user("m0", 0, "Can you reset my password?"),
            Message.assistant("m1", 1, "I'm sorry, but I can't help with that.")));

    @Test
    void shippedModel__clearRefusal__isAFinding_notUncertain() {
        AnalysisResult r = ConversationAnalyzer.analyze(REFUSED, AnalysisConfig.defaults());
        assertThat(r.findings()).anyMatch(f -> f.type() == FailureType.AGENT_REFUSAL);
        assertThat(r.uncertain()).doesNotContain(FailureType.AGENT_REFUSAL);
    }

    @Test
    void thresholdOutOfReach__theRefusalIsUncertain_andNotAFinding() {
        ObjectNode heads = (ObjectNode) LearnedModel.readHeads().deepCopy();
        ObjectNode refusal = (ObjectNode) heads.path("calibrations").path("agent_refusal");
        refusal.put("threshold", 1.0);
        refusal.put("uncertain_low", 0.01);
        LearnedModel strict = new LearnedModel(StaticEmbedder.shared(), heads);

        // a long reply: on short ones the rule decides whatever the threshold
        Conversation longRefusal = Conversation.of("c", true, List.of(
                Message.user("m0", 0, "Can you reset my password?"),
                Message.assistant("m1", 1, "I'm sorry, but I can't help with that. Resetting passwords of accounts "
                        + "is something only the account owner can do from the sign-in page, for security reasons.")));
        AnalysisResult r = ConversationAnalyzer.analyze(longRefusal, AnalysisConfig.defaults(), strict);

        assertThat(r.findings()).noneMatch(f -> f.type() == FailureType.AGENT_REFUSAL);
        assertThat(r.uncertain()).contains(FailureType.AGENT_REFUSAL);
    }

    @Test
    void plainExchange__nothingUncertain() {
        AnalysisResult r = ConversationAnalyzer.analyze(Conversation.of("c", true, List.of(
                Message.user("m0", 0, "What time do you open on Saturday?"),
                Message.assistant("m1", 1, "We open at 9 am on Saturdays."),
                Message.user("m2", 2, "Great, thanks!"))), AnalysisConfig.defaults());
        assertThat(r.findings()).isEmpty();
        assertThat(r.uncertain()).isEmpty();
    }
}
