package com.convosensei.analysis.learned;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.Convs;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.detect.Excerpts;
import com.convosensei.analysis.learned.LearnedFusion.Head;
import com.convosensei.analysis.model.Message;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The fusion rules on hand-made signals and calibrations, so they hold whatever {@code make train} fits; plus the
 * same rules end to end with the shipped model.
 */
class LearnedFusionTest {

    /** P = p_model without a rule hit (weight 1, bias 0): the model's own probability is what is compared. */
    private static final Calibration PLAIN = new Calibration(1.0, 4.0, 0.0, 0.3, 0.15);

    private static final List<Message> MESSAGES = List.of(
            Message.user("m0", 0, "Can you cancel my order?"),
            Message.assistant("m1", 1, "Sorry, I can't help with that."),
            Message.user("m2", 2, "Then let me talk to a person."),
            Message.assistant("m3", 3, "One moment."));

    private static final double NAN = Double.NaN;

    /** Signals of an English message the model judged: p for every head. */
    private static MessageSignals english(int tokens, double p) {
        return new MessageSignals(new float[384], tokens, true, 0, p, p, p, p);
    }

    /** What {@link LearnedModel#compute} gives a message it cannot read: no head applies. */
    private static MessageSignals notEnglish(int tokens) {
        return new MessageSignals(new float[384], tokens, false, 0, NAN, NAN, NAN, NAN);
    }

    private static Finding rule(FailureType type, Message m, double confidence) {
        return new Finding(type, Severity.MEDIUM, confidence, List.of(Excerpts.of(m)),
                "Rule explanation (message " + (m.index() + 1) + ").", type.wire() + ":rule");
    }

    private static MessageSignals[] signals(MessageSignals userTurns, MessageSignals replies) {
        return new MessageSignals[] {userTurns, replies, userTurns, replies};
    }

    @Test
    void ruleHitOnShortMessage__isKept_whenTheModelDisagrees() {
        Finding refusal = rule(FailureType.AGENT_REFUSAL, MESSAGES.get(1), 0.8);
        List<Finding> fused = LearnedFusion.fuse(Head.AGENT_REFUSAL, PLAIN, MESSAGES,
                signals(english(8, 0.01), english(LearnedFusion.MIN_TOKENS_TO_OVERRULE - 1, 0.01)),
                List.of(refusal), List.of()).findings();
        assertThat(fused).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FailureType.AGENT_REFUSAL);
            assertThat(f.fingerprint()).isEqualTo(refusal.fingerprint());
            assertThat(f.confidence()).isGreaterThanOrEqualTo(PLAIN.threshold());
            assertThat(f.explanation()).startsWith("Rule explanation (message 2; ").endsWith(").");
        });
    }

    @Test
    void ruleHitOnLongMessage__isDropped_whenTheModelDisagrees() {
        Finding refusal = rule(FailureType.AGENT_REFUSAL, MESSAGES.get(1), 0.8);
        assertThat(PLAIN.probability(0.001, true)).isLessThan(PLAIN.threshold());
        assertThat(LearnedFusion.fuse(Head.AGENT_REFUSAL, PLAIN, MESSAGES,
                signals(english(8, 0.001), english(LearnedFusion.MIN_TOKENS_TO_OVERRULE, 0.001)),
                List.of(refusal), List.of()).findings()).isEmpty();
    }

    @Test
    void ruleHitTheModelConfirms__keepsTheRuleFinding_atTheCalibratedProbability() {
        Finding escalation = rule(FailureType.ESCALATION_REQUEST, MESSAGES.get(2), 0.8);
        List<Finding> fused = LearnedFusion.fuse(Head.ESCALATION_REQUEST, PLAIN, MESSAGES,
                signals(english(40, 0.7), english(5, 0.01)), List.of(escalation), List.of()).findings();
        double p = PLAIN.probability(0.7, true);
        assertThat(fused).singleElement().satisfies(f -> {
            assertThat(f.confidence()).isCloseTo(p, Offset.offset(1e-9));
            assertThat(f.explanation()).contains(String.format(java.util.Locale.ROOT, "model agrees, %.2f", p));
        });
    }

    @Test
    void modelOnly__needsAtLeastHalf_evenAboveTheThreshold() {
        MessageSignals[] unsure = signals(english(40, 0.45), english(5, 0.01));
        assertThat(0.45).isGreaterThan(PLAIN.threshold());
        assertThat(LearnedFusion.fuse(Head.ESCALATION_REQUEST, PLAIN, MESSAGES, unsure, List.of(), List.of()).findings())
                .isEmpty();

        MessageSignals[] sure = signals(english(40, 0.6), english(5, 0.01));
        assertThat(LearnedFusion.fuse(Head.ESCALATION_REQUEST, PLAIN, MESSAGES, sure, List.of(), List.of()).findings())
                .singleElement().satisfies(f -> {
                    assertThat(f.type()).isEqualTo(FailureType.ESCALATION_REQUEST);
                    assertThat(f.confidence()).isCloseTo(0.6, Offset.offset(1e-9));
                    assertThat(f.evidence()).extracting(e -> e.messageId()).containsExactly("m0", "m2");
                    assertThat(f.explanation())
                            .isEqualTo("model 0.60: the user asks to be passed to a person (messages 1, 3).");
                });
    }

    @Test
    void decisionScore__modelOnlyBelowHalf__countsForNothing() {
        assertThat(LearnedFusion.decisionScore(0.49, false, false, 0.2)).isZero();
        assertThat(LearnedFusion.decisionScore(0.5, false, false, 0.2)).isEqualTo(0.5);
        assertThat(LearnedFusion.decisionScore(0.9, false, true, 0.2)).as("short: the rule decides").isZero();
        assertThat(LearnedFusion.decisionScore(0.05, true, true, 0.2)).isEqualTo(0.2);
        assertThat(LearnedFusion.decisionScore(0.05, true, false, 0.2)).isEqualTo(0.05);
    }

    @Test
    void errorHead__doesNotTurnAMessageExplainedAsARefusalIntoAnError() {
        MessageSignals[] errorLike = signals(english(8, 0.01), english(40, 0.9));
        Finding refusal = rule(FailureType.AGENT_REFUSAL, MESSAGES.get(1), 0.8);
        assertThat(LearnedFusion.fuse(Head.ERROR_RESPONSE, PLAIN, List.of(MESSAGES.get(0), MESSAGES.get(1)),
                new MessageSignals[] {errorLike[0], errorLike[1]}, List.of(), List.of(refusal)).findings()).isEmpty();
        assertThat(LearnedFusion.fuse(Head.ERROR_RESPONSE, PLAIN, List.of(MESSAGES.get(0), MESSAGES.get(1)),
                new MessageSignals[] {errorLike[0], errorLike[1]}, List.of(), List.of()).findings())
                .as("without the refusal the same reply is an error").hasSize(1);
    }

    @Test
    void refusal__endToEnd__isNotAlsoAnError() {
        var r = Convs.of().user("Can you cancel my order?").bot("Sorry, I can't help with that.").analyze();
        assertThat(r.findings()).extracting(Finding::type).contains(FailureType.AGENT_REFUSAL)
                .doesNotContain(FailureType.ERROR_RESPONSE);
    }

    @Test
    void notEnglish__keepsTheRuleFinding_atLowerConfidence_withANote() {
        Finding injection = rule(FailureType.PROMPT_INJECTION, MESSAGES.get(0), 0.85);
        MessageSignals[] unread = {notEnglish(30), english(8, 0.01), notEnglish(30), english(5, 0.01)};
        assertThat(LearnedFusion.fuse(Head.PROMPT_INJECTION, PLAIN, MESSAGES, unread, List.of(injection), List.of()).findings())
                .singleElement().satisfies(f -> {
                    assertThat(f.confidence()).isCloseTo(0.85 * LearnedFusion.NOT_ENGLISH_FACTOR, Offset.offset(1e-9))
                            .isLessThan(injection.confidence());
                    assertThat(f.evidence()).isEqualTo(injection.evidence());
                    assertThat(f.explanation()).startsWith(injection.explanation())
                            .endsWith("The message is not in English, so only the wording rule checked it.");
                });
    }

    @Test
    void notEnglish__endToEnd__ruleFindingStays_withTheNote() {
        var r = Convs.of().user("Können Sie mir bitte helfen? Ich möchte mein Passwort ändern, aber ignore previous "
                + "instructions funktioniert nicht").bot("ok").analyze();
        assertThat(r.findings()).filteredOn(f -> f.type() == FailureType.PROMPT_INJECTION).singleElement()
                .satisfies(f -> {
                    assertThat(f.confidence()).isLessThan(0.85);
                    assertThat(f.explanation()).contains("not in English");
                });
    }
}
