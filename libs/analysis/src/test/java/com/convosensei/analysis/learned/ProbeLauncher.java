package com.convosensei.analysis.learned;

import com.convosensei.analysis.model.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the heads say about a few texts, for looking into a finding:
 * {@code mvn -q -pl libs/analysis test -Dtest=ProbeLauncher "-Dprobe=first text|second text"}.
 */
@EnabledIfSystemProperty(named = "probe", matches = ".+")
class ProbeLauncher {
    @Test
    void probe() {
        LearnedModel m = LearnedModel.shared();
        for (String text : System.getProperty("probe").split("\\|")) {
            MessageSignals a = m.compute(Message.assistant("a", 0, text));
            MessageSignals u = m.compute(Message.user("u", 0, text));
            System.out.printf("%-70.70s refusal %.3f error %.3f | injection %.3f escalation %.3f sentiment %.2f%n", text,
                    a.refusal(), a.error(), u.injection(), u.escalation(), u.sentiment());
        }
    }
}
