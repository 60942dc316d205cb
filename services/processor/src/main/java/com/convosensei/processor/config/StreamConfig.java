package com.convosensei.processor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Stream-wide settings of the processor ({@code sensei.stream.*}). */
@ConfigMapping(prefix = "sensei.stream")
public interface StreamConfig {

    /**
     * This instance's name inside each consumer group (suffixed with the consumer and loop, e.g. {@code pod-7-ingest-0}).
     * Must be stable across restarts so a restarted instance finds its own pending entries and crashed instances do not
     * pile up as dead consumers. Default: {@code SENSEI_CONSUMER_NAME}, else {@code HOSTNAME}, else the host name.
     */
    Optional<String> consumerName();

    /** Approximate cap of {@code sensei:dlq}. */
    @WithDefault("100000")
    long dlqMaxLen();

    /** Approximate cap of {@code sensei:process}. */
    @WithDefault("1000000")
    long processMaxLen();

    /**
     * Coalescing window of {@link com.convosensei.processor.stream.ProcessPublisher}: at most one process request per
     * conversation is enqueued per window, unless the process consumer released it earlier.
     */
    @WithDefault("5s")
    Duration processCoalesceWindow();
}
