package com.convosensei.processor.scoring;

import com.convosensei.analysis.AnalysisConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Scoring and the inactivity sweep. Detector thresholds are optional overrides: unset, the analysis library's
 * shipped defaults ({@link AnalysisConfig#defaults()}) apply, so there is one place that knows the defaults.
 * Example: {@code sensei.analysis.latency.absolute-ms=15000}.
 */
@ConfigMapping(prefix = "sensei.analysis")
public interface AnalysisSettings {

    /** A conversation without activity for this long is ended by the sweep (and then scored as ended). */
    @WithDefault("30m")
    Duration inactivityTimeout();

    Sweep sweep();

    /** Conversations of one batch scored at the same time (each holds a pooled connection while it runs). */
    @WithDefault("4")
    int parallelism();

    /**
     * Conversations written per scoring transaction. More means fewer commits, but every row of a transaction stays
     * locked until its commit, and ingest's upserts of the same conversations wait: under make bench-ingest's batch
     * load, 13 per transaction left half the active backends waiting on row locks, one per transaction none.
     */
    @WithDefault("1")
    int conversationsPerTransaction();

    /** Scoring reads at most this many (newest) messages of a conversation. */
    @WithDefault("5000")
    int maxMessages();

    /** Findings below this confidence are dropped. */
    OptionalDouble minConfidence();

    Frustration frustration();

    Refusal refusal();

    Escalation escalation();

    Repetition repetition();

    Latency latency();

    Pii pii();

    Health health();

    interface Sweep {
        /** How often the sweep runs ("off" disables it, e.g. in tests that drive it by hand). */
        @WithDefault("60s")
        String every();

        /** Conversations ended per statement; the sweep repeats until fewer are due. */
        @WithDefault("500")
        int batchSize();
    }

    interface Frustration {
        OptionalDouble negativeThreshold();

        OptionalDouble strongNegative();

        OptionalInt minNegativeMessages();

        OptionalDouble dropThreshold();

        OptionalInt minShoutingWords();
    }

    interface Refusal {
        OptionalInt highSeverityCount();
    }

    interface Escalation {
        OptionalInt highSeverityCount();
    }

    interface Repetition {
        OptionalDouble assistantSimilarity();

        OptionalInt minAssistantRepeats();

        OptionalDouble userSimilarity();

        OptionalInt minUserRephrasings();
    }

    interface Latency {
        OptionalLong absoluteMs();

        OptionalLong highMs();

        OptionalDouble medianMultiplier();
    }

    interface Pii {
        Optional<Boolean> flagUserContactInfo();
    }

    interface Health {
        OptionalDouble sentimentWeight();

        OptionalDouble failuresWeight();

        OptionalDouble resolutionWeight();

        OptionalDouble efficiencyWeight();

        OptionalDouble responsivenessWeight();

        OptionalInt typicalUserTurns();
    }

    /**
     * The analyzer's configuration: library defaults with these overrides. {@code now} stays null: whether a
     * conversation is over is decided by the sweep (it sets {@code ended}), so a score never depends on when the
     * scoring happened to run.
     */
    default AnalysisConfig toAnalysisConfig() {
        AnalysisConfig d = AnalysisConfig.defaults();
        AnalysisConfig.Frustration f = d.frustration();
        AnalysisConfig.Repetition r = d.repetition();
        AnalysisConfig.Latency l = d.latency();
        AnalysisConfig.Pii p = d.pii();
        AnalysisConfig.Health h = d.health();
        return new AnalysisConfig(null,
                minConfidence().orElse(d.minConfidence()),
                new AnalysisConfig.Frustration(
                        frustration().negativeThreshold().orElse(f.negativeThreshold()),
                        frustration().strongNegative().orElse(f.strongNegative()),
                        frustration().minNegativeMessages().orElse(f.minNegativeMessages()),
                        frustration().dropThreshold().orElse(f.dropThreshold()),
                        frustration().minShoutingWords().orElse(f.minShoutingWords())),
                new AnalysisConfig.Refusal(refusal().highSeverityCount().orElse(d.refusal().highSeverityCount())),
                new AnalysisConfig.Escalation(escalation().highSeverityCount().orElse(d.escalation().highSeverityCount())),
                new AnalysisConfig.Repetition(
                        repetition().assistantSimilarity().orElse(r.assistantSimilarity()),
                        repetition().minAssistantRepeats().orElse(r.minAssistantRepeats()),
                        r.minAssistantTokens(),
                        repetition().userSimilarity().orElse(r.userSimilarity()),
                        repetition().minUserRephrasings().orElse(r.minUserRephrasings()),
                        r.minUserTokens(), r.shingleSize()),
                d.errorResponse(),
                new AnalysisConfig.Latency(
                        latency().absoluteMs().orElse(l.absoluteMs()),
                        latency().highMs().orElse(l.highMs()),
                        latency().medianMultiplier().orElse(l.medianMultiplier()),
                        l.minRelativeMs(), l.minSamplesForMedian()),
                new AnalysisConfig.Abandonment(inactivityTimeout()),
                new AnalysisConfig.Pii(pii().flagUserContactInfo().orElse(p.flagUserContactInfo()),
                        p.allowedEmailLocalParts(), p.allowedPhonePrefixes()),
                d.feedback(),
                d.injection(),
                new AnalysisConfig.Health(
                        health().sentimentWeight().orElse(h.sentimentWeight()),
                        health().failuresWeight().orElse(h.failuresWeight()),
                        health().resolutionWeight().orElse(h.resolutionWeight()),
                        health().efficiencyWeight().orElse(h.efficiencyWeight()),
                        health().responsivenessWeight().orElse(h.responsivenessWeight()),
                        health().typicalUserTurns().orElse(h.typicalUserTurns()),
                        h.goodLatencyMs(), h.badLatencyMs(), h.criticalCap(), h.highCap(), h.compoundCap()));
    }
}
