package com.convosensei.analysis.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PatternAnalyzerTest {

    @Test
    void analyze__recoversKnownGroups_withPurityAbove90Percent_andSensibleLabels() {
        List<SyntheticCorpus.Doc> docs = SyntheticCorpus.make(50, 1);
        PatternResult r = PatternAnalyzer.analyze(SyntheticCorpus.inputs(docs), ClusteringConfig.defaults());
        Map<String, String> groupOf = docs.stream().collect(Collectors.toMap(SyntheticCorpus.Doc::id,
                SyntheticCorpus.Doc::group));

        // silhouette may split a topic into sub-topics ("refund not received" / "refund amount wrong"), never merge two
        assertThat(r.k()).isBetween(4, 8);
        assertThat(r.silhouette()).isPositive();
        java.util.Set<String> recovered = new java.util.HashSet<>();
        int majoritySum = 0;
        for (PatternCluster c : r.clusters()) {
            Map<String, Integer> counts = new HashMap<>();
            c.memberIds().forEach(id -> counts.merge(groupOf.get(id), 1, Integer::sum));
            String majority = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            majoritySum += counts.get(majority);
            recovered.add(majority);
            // the cluster is named after its topic
            assertThat(String.join(" ", c.keywords()) + " " + c.label()).contains(majority.substring(0, 4));
            assertThat(c.keywords()).hasSizeLessThanOrEqualTo(8).doesNotContain("hello", "thanks", "please", "the");
            assertThat(c.label().split(" / ")).hasSizeBetween(1, 3);
            assertThat(c.sampleIds()).hasSizeLessThanOrEqualTo(5).isSubsetOf(c.memberIds());
        }
        double purity = (double) majoritySum / docs.size();
        assertThat(purity).isGreaterThanOrEqualTo(0.9);
        assertThat(recovered).containsExactlyInAnyOrder("refund", "password", "delivery", "crash");
    }

    @Test
    void analyze__outcomeStats__perCluster() {
        List<SyntheticCorpus.Doc> docs = SyntheticCorpus.make(30, 2);
        PatternResult r = PatternAnalyzer.analyze(SyntheticCorpus.inputs(docs), ClusteringConfig.defaults());
        PatternCluster crash = r.clusters().stream().filter(c -> c.label().contains("crash")).findFirst().orElseThrow();
        assertThat(crash.avgHealth()).isLessThan(60);
        assertThat(crash.failureShare()).isGreaterThan(0.8);
        assertThat(crash.failureBreakdown()).containsKey("error_response");
        PatternCluster other = r.clusters().stream().filter(c -> !c.label().contains("crash")).findFirst().orElseThrow();
        assertThat(other.avgHealth()).isGreaterThan(80);
        assertThat(r.clusters().stream().mapToInt(PatternCluster::size).sum()).isEqualTo(docs.size());
    }

    @Test
    void analyze__sameInputAndSeed__sameClusters() {
        List<ClusterInput> in = SyntheticCorpus.inputs(SyntheticCorpus.make(25, 3));
        PatternResult a = PatternAnalyzer.analyze(in, ClusteringConfig.defaults());
        PatternResult b = PatternAnalyzer.analyze(in, ClusteringConfig.defaults());
        assertThat(a.clusters()).extracting(PatternCluster::memberIds)
                .isEqualTo(b.clusters().stream().map(PatternCluster::memberIds).toList());
        assertThat(a.clusters()).extracting(PatternCluster::label)
                .isEqualTo(b.clusters().stream().map(PatternCluster::label).toList());
    }

    @Test
    void analyze__tooFewConversations__oneCluster_andEmpty__none() {
        List<ClusterInput> few = SyntheticCorpus.inputs(SyntheticCorpus.make(1, 4));
        PatternResult r = PatternAnalyzer.analyze(few, ClusteringConfig.defaults());
        assertThat(r.k()).isEqualTo(1);
        assertThat(r.silhouette()).isNull();
        assertThat(r.clusters()).singleElement().extracting(PatternCluster::size).isEqualTo(4);
        assertThat(PatternAnalyzer.analyze(List.of(), ClusteringConfig.defaults()).clusters()).isEmpty();
    }

    @Test
    void analyze__thousandsOfConversations__completes() {
        List<ClusterInput> many = SyntheticCorpus.inputs(SyntheticCorpus.make(1000, 5)); // 4,000 conversations
        PatternResult r = PatternAnalyzer.analyze(many, ClusteringConfig.defaults());
        assertThat(r.clusters().stream().mapToInt(PatternCluster::size).sum()).isEqualTo(4000);
        assertThat(r.k()).isBetween(4, 12);
    }
    @Test
    void cluster__denseVectorsSharingOneDirection__groupsFollowWhatDiffers_andCentroidsStayInTheCallersSpace() {
        // every vector is mostly the common direction e0; the groups differ only in a small component on e1 / e2 / e3
        int perGroup = 40;
        float[][] vectors = new float[3 * perGroup][];
        List<ClusterInput> inputs = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < vectors.length; i++) {
            float[] v = new float[16];
            v[0] = 10;
            v[1 + i / perGroup] = 1;
            for (int d = 4; d < v.length; d++) {
                v[d] = (float) (random.nextGaussian() * 0.15);
            }
            vectors[i] = v;
            inputs.add(new ClusterInput("c" + i, "text " + i, null, null));
        }
        PatternResult r = PatternAnalyzer.cluster(inputs, vectors, "dense-test", ClusteringConfig.defaults());

        assertThat(r.clusters()).hasSize(3).allSatisfy(c -> {
            assertThat(c.size()).isEqualTo(perGroup);
            assertThat(c.memberIds().stream().map(id -> Integer.parseInt(id.substring(1)) / perGroup).distinct())
                    .hasSize(1);
            assertThat(c.centroid()[0]).isCloseTo(10f, org.assertj.core.data.Offset.offset(0.01f));
        });
    }

    @Test
    void candidateKs__everyKUpToTen_thenAbout15PercentApart() {
        assertThat(PatternAnalyzer.candidateKs(2, 25)).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 18,
                21, 24);
        assertThat(PatternAnalyzer.candidateKs(2, 2)).containsExactly(2);
    }

    @Test
    void refine__fromGoodCentres__keepsTheClusters() {
        float[][] vectors = {{0, 0}, {0, 1}, {10, 10}, {10, 11}};
        KMeans.Result r = KMeans.refine(new KMeans.Points(vectors), new float[][] {{0, 0.4f}, {10, 10.4f}}, 40);
        assertThat(r.assignment()).containsExactly(0, 0, 1, 1);
        assertThat(r.centroids()[1]).containsExactly(10f, 10.5f);
    }
}
