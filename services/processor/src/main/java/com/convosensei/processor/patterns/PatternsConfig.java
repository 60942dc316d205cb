package com.convosensei.processor.patterns;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Usage-pattern analysis: what a run looks at, how it clusters, when it runs by itself. */
@ConfigMapping(prefix = "sensei.patterns")
public interface PatternsConfig {

    /** Quartz cron of the scheduled run ("off" disables). Default: Mondays 03:00. */
    @WithDefault("0 0 3 ? * MON")
    String cron();

    /** Conversations active within this look-back are analysed. */
    @WithDefault("30d")
    Duration window();

    /** At most this many conversations (the most recently active) per run. */
    @WithDefault("20000")
    int maxConversations();

    /** Characters of user text per conversation. */
    @WithDefault("2000")
    int maxTextChars();

    /** Largest number of patterns a run may find. */
    @WithDefault("25")
    int maxClusters();

    /** The average pattern must have at least this many conversations (caps k at n / this). */
    @WithDefault("5")
    int minClusterSize();

    /**
     * With a remote embedding model configured, stored embeddings are used when at least this share of the window's
     * conversations has one (the rest are embedded during the run); otherwise the run embeds locally.
     */
    @WithDefault("0.9")
    double minStoredCoverage();

    /** How often runs left behind by a stopped processor are marked failed ("off" disables). */
    @WithDefault("5m")
    String reaperEvery();

    /** A queued run nobody picked up for this long is marked failed (its request was lost). */
    @WithDefault("15m")
    Duration staleQueuedAfter();
}
