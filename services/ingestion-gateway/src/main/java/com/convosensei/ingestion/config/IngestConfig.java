package com.convosensei.ingestion.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Tunables of the ingestion hot path ({@code sensei.ingest.*}). */
@ConfigMapping(prefix = "sensei.ingest")
public interface IngestConfig {

    /** Approximate cap of {@code sensei:ingest} ({@code XADD ... MAXLEN ~ n}); bounds Redis memory if the processor stops. */
    @WithDefault("1000000")
    long streamMaxLen();

    /**
     * Longest a request waits for Redis (rate limit, XADD) before answering 503. Keeps the promise "503 within 2 s when
     * Redis is gone" even when the connection hangs instead of failing fast.
     */
    @WithDefault("1500ms")
    Duration redisTimeout();

    /** Retry-After (seconds) sent with 503 answers. */
    @WithDefault("2")
    int retryAfterSeconds();

    /**
     * How long a verified key is trusted from memory. Bounds how late a revocation takes effect if the pub/sub
     * notice is missed; revocations published on {@code sensei:api-key-revoked} take effect at once.
     */
    @WithDefault("30s")
    Duration keyCacheTtl();

    /** Most entries in the verified-key cache (and in the failed-key cache). */
    @WithDefault("10000")
    int keyCacheMaxEntries();

    /** {@code api_keys.last_used_at} is written at most once per this interval per key (per instance). */
    @WithDefault("60s")
    Duration lastUsedInterval();

    /** Longest a request waits for PostgreSQL to claim or look up a conversation's owner before answering 503. */
    @WithDefault("1500ms")
    Duration ownerClaimTimeout();

    /** Most conversation owners kept in memory (the map is cleared when full; a miss costs one claim). */
    @WithDefault("100000")
    int ownerCacheMaxEntries();

    RateLimit rateLimit();

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        /**
         * Conversations per second per API key (a batch request counts each of its conversations). Counted in fixed
         * windows of {@link #window()}; the allowance per window is {@code per-second x window seconds}.
         */
        @WithDefault("1000")
        int perSecond();

        @WithDefault("1s")
        Duration window();
    }
}
