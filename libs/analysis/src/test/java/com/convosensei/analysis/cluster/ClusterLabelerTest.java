package com.convosensei.analysis.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterLabelerTest {

    @Test
    void label__twoClustersSharingTheirTopTerms__theSmallerIsNamedByWhatSetsItApart() {
        List<String> texts = new ArrayList<>();
        List<Integer> assignment = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            texts.add("please upgrade my freemium account to the pro account, upgrade now");
            assignment.add(0);
        }
        for (int i = 0; i < 8; i++) {
            texts.add("delete my freemium account, remove the pro account for good");
            assignment.add(1);
        }
        for (int i = 0; i < 8; i++) {
            texts.add("where is my parcel, the delivery is late");
            assignment.add(2);
        }

        List<ClusterLabeler.Label> labels = ClusterLabeler.label(texts,
                assignment.stream().mapToInt(Integer::intValue).toArray(), 3, 8);

        List<String> largerWords = List.of(labels.get(0).label().split(" / | "));
        assertThat(labels.get(1).label()).containsAnyOf("delete", "remove");
        // each term of the smaller cluster's label brings a word the larger one's label lacks
        assertThat(labels.get(1).label().split(" / "))
                .allSatisfy(term -> assertThat(largerWords.containsAll(List.of(term.split(" ")))).isFalse());
        // keywords still list every distinctive term
        assertThat(labels.get(1).keywords()).anyMatch(k -> k.contains("freemium"));
        assertThat(labels.get(2).label()).containsAnyOf("parcel", "delivery");
    }
}
