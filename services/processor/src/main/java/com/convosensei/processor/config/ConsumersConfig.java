package com.convosensei.processor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.Map;

/**
 * Per-consumer settings, {@code sensei.consumers.<name>.*}, where {@code <name>} is
 * {@link com.convosensei.processor.stream.StreamHandler#name()} (ingest, process, alerts, ...). A consumer without
 * any setting gets the defaults below.
 */
@ConfigMapping(prefix = "sensei.consumers")
public interface ConsumersConfig {

    @WithParentName
    @WithDefaults
    Map<String, Consumer> consumers();

    default Consumer of(String name) {
        return consumers().get(name);
    }

    interface Consumer {
        /** Off: the consumer is not started at boot (tests start it themselves). */
        @WithDefault("true")
        boolean enabled();

        /** Parallel read loops in this instance (each with its own consumer name and Redis connection). */
        @WithDefault("1")
        int concurrency();

        /** Entries per XREADGROUP / XAUTOCLAIM, i.e. the largest batch handed to the handler. */
        @WithDefault("50")
        int batchSize();

        /** XREADGROUP BLOCK: how long one read waits for new entries. */
        @WithDefault("1s")
        Duration block();

        /** An entry pending longer than this (its consumer died or is stuck) is taken over by XAUTOCLAIM. */
        @WithDefault("60s")
        Duration claimIdle();

        /** How often each loop runs XAUTOCLAIM. */
        @WithDefault("5s")
        Duration claimInterval();

        /**
         * Deliveries after which an entry that keeps failing goes to {@code sensei:dlq}. Transient failures
         * (database or Redis unreachable) are retried in place and do not count.
         */
        @WithDefault("5")
        int maxDeliveries();

        /** Longest one batch may take before it is treated as failed (transiently). */
        @WithDefault("60s")
        Duration batchTimeout();

        /** Backoff cap while a dependency is down (doubles from 250 ms). */
        @WithDefault("10s")
        Duration maxBackoff();
    }
}
