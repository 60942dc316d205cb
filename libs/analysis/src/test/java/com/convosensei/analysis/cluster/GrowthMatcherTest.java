package com.convosensei.analysis.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrowthMatcherTest {

    private static PatternCluster cluster(int i, int size, List<String> keywords, float[] centroid) {
        return new PatternCluster(i, String.join(" / ", keywords.subList(0, 2)), keywords, size, 80.0, 0.1, Map.of(),
                List.of(), List.of(), centroid);
    }

    @Test
    void match__byKeywordOverlap__givesPreviousSizeAndGrowth() {
        List<PatternCluster> now = List.of(
                cluster(0, 150, List.of("refund", "order", "money back"), null),
                cluster(1, 40, List.of("password", "reset", "login"), null),
                cluster(2, 12, List.of("crash", "camera", "app"), null));
        List<GrowthMatcher.PreviousPattern> before = List.of(
                new GrowthMatcher.PreviousPattern("p-pass", "password / reset", List.of("reset", "password", "email"), 50, null),
                new GrowthMatcher.PreviousPattern("p-ref", "refund / order", List.of("refund", "order", "late"), 100, null));
        List<GrowthMatcher.Growth> g = GrowthMatcher.match(now, before);
        assertThat(g.get(0).previousId()).isEqualTo("p-ref");
        assertThat(g.get(0).previousSize()).isEqualTo(100);
        assertThat(g.get(0).growth()).isEqualTo(0.5);
        assertThat(g.get(1).previousId()).isEqualTo("p-pass");
        assertThat(g.get(1).growth()).isEqualTo(-0.2);
        assertThat(g.get(2).previousId()).isNull();
        assertThat(g.get(2).growth()).isNull();
    }

    @Test
    void match__byCentroid_whenKeywordsDrift__andOneToOne() {
        float[] a = {1, 0, 0};
        float[] b = {0, 1, 0};
        List<PatternCluster> now = List.of(cluster(0, 10, List.of("x1", "x2"), new float[] {0.9f, 0.1f, 0}),
                cluster(1, 10, List.of("y1", "y2"), new float[] {0.95f, 0.05f, 0}));
        List<GrowthMatcher.PreviousPattern> before = List.of(
                new GrowthMatcher.PreviousPattern("pa", "a", List.of("q"), 5, a),
                new GrowthMatcher.PreviousPattern("pb", "b", List.of("r"), 5, b));
        List<GrowthMatcher.Growth> g = GrowthMatcher.match(now, before);
        // both resemble "pa"; the closer one gets it, the other stays unmatched (pb is too far)
        assertThat(g.get(1).previousId()).isEqualTo("pa");
        assertThat(g.get(0).previousId()).isNull();
    }
}
