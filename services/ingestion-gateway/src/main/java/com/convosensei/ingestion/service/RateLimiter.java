package com.convosensei.ingestion.service;

import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.ingestion.config.IngestConfig;
import com.convosensei.platform.error.ApiException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Per-API-key rate limit, shared by all gateway replicas through Redis: a fixed window counter
 * ({@code sensei:ratelimit:<key id>:<window number>}), one pipelined {@code INCRBY} + {@code PEXPIRE} per request
 * (a single round trip). Over the allowance → 429 with {@code Retry-After} = seconds until the window ends.
 * Redis unreachable → 503 (the event could not be stored anyway).
 */
@ApplicationScoped
public class RateLimiter {

    private final Redis redis;
    private final IngestConfig config;

    public RateLimiter(Redis redis, IngestConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** Counts {@code weight} conversations against the key's allowance; fails with 429 when over it. */
    public Uni<Void> acquire(UUID keyId, int weight) {
        IngestConfig.RateLimit limit = config.rateLimit();
        if (!limit.enabled()) {
            return Uni.createFrom().voidItem();
        }
        long windowMillis = Math.max(1, limit.window().toMillis());
        long allowance = Math.max(1, limit.perSecond() * windowMillis / 1000);
        long now = System.currentTimeMillis();
        long window = now / windowMillis;
        String key = "sensei:ratelimit:" + keyId + ":" + window;
        return redis.batch(List.of(
                        Request.cmd(Command.INCRBY).arg(key).arg(weight),
                        Request.cmd(Command.PEXPIRE).arg(key).arg(windowMillis * 2)))
                .ifNoItem().after(config.redisTimeout()).fail()
                .onFailure().transform(e -> {
                    Log.warnf("rate limit check failed (Redis): %s", e.toString());
                    return ApiException.unavailable("event store unavailable, retry shortly", config.retryAfterSeconds());
                })
                .flatMap(responses -> {
                    long count = responses.get(0).toLong();
                    if (count <= allowance) {
                        return Uni.createFrom().voidItem();
                    }
                    long retryAfterMillis = (window + 1) * windowMillis - now;
                    long retryAfter = Math.max(1, (retryAfterMillis + 999) / 1000);
                    return Uni.createFrom().failure(new ApiException(429,
                            ApiError.of(ErrorCodes.RATE_LIMITED, "rate limit of " + limit.perSecond()
                                    + " conversations per second per API key exceeded"),
                            Map.of("Retry-After", Long.toString(retryAfter))));
                });
    }
}
