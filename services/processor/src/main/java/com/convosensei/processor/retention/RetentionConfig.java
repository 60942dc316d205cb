package com.convosensei.processor.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The daily retention job ({@code sensei.retention.*}); the periods themselves are data (table retention_settings). */
@ConfigMapping(prefix = "sensei.retention")
public interface RetentionConfig {

    /** When the job runs (Quartz-style cron, "off" disables it); daily by default. */
    @WithDefault("0 30 2 * * ?")
    String cron();

    /** Conversations deleted per transaction: each batch holds its row locks only for its own short delete. */
    @WithDefault("500")
    int batchSize();

    /** Batches per environment per run at most, so one run cannot go on for ever; the next run continues. */
    @WithDefault("10000")
    int maxBatches();
}
