package com.convosensei.analysis.detect;

import static com.convosensei.analysis.detect.DetectorAssertions.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.Convs;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.model.Conversation;
import com.convosensei.analysis.model.Message;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencySpikeDetectorTest {

    @Test
    void detect__replyOverAbsoluteLimit__found() {
        Finding f = finding(Convs.of().user("a").bot("b", 800).user("c").bot("d", 14_000).analyze(),
                FailureType.LATENCY_SPIKE).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.evidence().get(0).messageId()).isEqualTo("m3");
        assertThat(f.explanation()).contains("14.0 s");
    }

    @Test
    void detect__muchSlowerThanOwnMedian__foundAsLow_butSmallAbsoluteSlowdown__not() {
        Finding f = finding(Convs.of().user("a").bot("b", 600).user("c").bot("d", 700).user("e").bot("f", 5_000)
                .analyze(), FailureType.LATENCY_SPIKE).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.LOW);
        assertThat(finding(Convs.of().user("a").bot("b", 600).user("c").bot("d", 700).user("e").bot("f", 2_800)
                .analyze(), FailureType.LATENCY_SPIKE)).isEmpty();
    }

    @Test
    void detect__withoutLatencyField__usesTimestampGapAfterUser() {
        Instant t = Instant.parse("2025-01-01T10:00:00Z");
        Conversation c = new Conversation("c", true, t.plusSeconds(60), List.of(
                new Message("u", 0, "user", "hi", t, null, Map.of()),
                new Message("a", 1, "assistant", "hello", t.plusSeconds(45), null, Map.of())), Map.of());
        Finding f = finding(com.convosensei.analysis.ConversationAnalyzer.analyze(c,
                com.convosensei.analysis.AnalysisConfig.defaults()), FailureType.LATENCY_SPIKE).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void detect__fastConversation__noFinding() {
        assertThat(finding(Convs.of().user("a").bot("b", 900).user("c").bot("d", 1500).analyze(),
                FailureType.LATENCY_SPIKE)).isEmpty();
    }
}
