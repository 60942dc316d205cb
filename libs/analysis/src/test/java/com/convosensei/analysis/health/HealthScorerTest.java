package com.convosensei.analysis.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.AnalysisResult;
import com.convosensei.analysis.Convs;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.SentimentStats;
import com.convosensei.analysis.model.Conversation;
import com.convosensei.contracts.conversation.HealthBreakdown;
import com.convosensei.contracts.conversation.HealthComponent;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** health-v1, the rules-only score ({@code ConversationAnalyzer.analyze(c, config, null)}). */
class HealthScorerTest {

    private static final AnalysisConfig CFG = AnalysisConfig.defaults();

    private static Convs resolved() {
        return Convs.of().user("My order #48213 hasn't arrived yet, it's been 8 days.")
                .bot("It shipped on the 3rd and arrives Thursday.", 1100)
                .user("Can I get the tracking number?").bot("Sure: 1Z 999 AA1 01 2345 6784.", 900)
                .user("That's perfect, thank you so much!").bot("You're welcome!", 700).ended();
    }

    @Test
    void score__cleanResolvedConversation__isHealthy() {
        AnalysisResult r = resolved().analyzeRulesOnly();
        assertThat(r.findings()).isEmpty();
        HealthBreakdown h = r.health();
        assertThat(h.score()).isGreaterThanOrEqualTo(85);
        assertThat(h.version()).isEqualTo("health-v1");
        assertThat(h.summary()).startsWith("Healthy");
        assertThat(h.components()).extracting(HealthComponent::name).containsExactly("sentiment_trajectory",
                "failures", "resolution", "efficiency", "responsiveness");
        assertThat(h.components().stream().mapToDouble(HealthComponent::weight).sum()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h.components()).allSatisfy(c -> {
            assertThat(c.score()).isBetween(0.0, 100.0);
            assertThat(c.reason()).isNotBlank().endsWith(".");
        });
    }

    @Test
    void score__criticalFailure__isBelow50() {
        AnalysisResult r = Convs.of().user("Which card is on my account?")
                .bot("The card on file is 4242 4242 4242 4242.").user("thanks").analyzeRulesOnly();
        assertThat(r.findings()).extracting(Finding::severity).contains(Severity.CRITICAL);
        assertThat(r.health().score()).isLessThan(50);
        assertThat(r.health().summary()).startsWith("Poor").contains("pii exposure");
    }

    @Test
    void score__frustratedEscalatedAbandoned__isLow() {
        AnalysisResult r = Convs.of().user("Where is my refund?").bot("Please check the FAQ.")
                .user("That's useless. I want to talk to a human!").bot("Please check the FAQ.")
                .user("Can I talk to a real person???").ended().analyzeRulesOnly();
        assertThat(r.health().score()).isLessThan(50);
        assertThat(r.health().summary()).startsWith("Poor");
    }

    @Test
    void score__isDeterministic() {
        assertThat(resolved().analyzeRulesOnly().health()).isEqualTo(resolved().analyzeRulesOnly().health());
    }

    /** Property: for random conversations and random finding sets, adding any finding never raises the score. */
    @Test
    void score__addingAFailure__neverRaisesTheScore() {
        Random rnd = new Random(7);
        List<Conversation> conversations = List.of(resolved().build(),
                Convs.of().user("hi").bot("hello").build(),
                Convs.of().user("This is useless").bot("Sorry", 15_000).user("bye").ended().build(),
                Convs.of().build());
        for (int trial = 0; trial < 2_000; trial++) {
            Conversation c = conversations.get(rnd.nextInt(conversations.size()));
            double[] sentiment = new double[c.messages().size()];
            for (int i = 0; i < sentiment.length; i++) {
                sentiment[i] = rnd.nextDouble() * 2 - 1;
            }
            SentimentStats stats = new SentimentStats(rnd.nextDouble() * 2 - 1, -1, rnd.nextDouble() * 2 - 1,
                    rnd.nextDouble() * 4 - 2);
            List<Finding> findings = new ArrayList<>();
            int n = rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                findings.add(randomFinding(rnd));
            }
            double before = HealthScorer.score(c, sentiment, stats, findings, CFG).score();
            List<Finding> more = new ArrayList<>(findings);
            more.add(randomFinding(rnd));
            double after = HealthScorer.score(c, sentiment, stats, more, CFG).score();
            assertThat(after).as("trial %d: %s + %s", trial, findings, more.get(more.size() - 1))
                    .isLessThanOrEqualTo(before);
        }
    }

    private static Finding randomFinding(Random rnd) {
        FailureType t = FailureType.values()[rnd.nextInt(FailureType.values().length)];
        Severity s = Severity.values()[rnd.nextInt(Severity.values().length)];
        return new Finding(t, s, 0.5 + rnd.nextDouble() / 2, List.of(new Evidence("m0", 0, "x")), "x",
                t.wire() + ":" + rnd.nextInt(1000));
    }
}
