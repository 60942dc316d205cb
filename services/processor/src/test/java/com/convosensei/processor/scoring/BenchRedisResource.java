package com.convosensei.processor.scoring;

import com.convosensei.platform.testing.PrivateRedis;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The benchmark's own redis-server, so a test run of the module at the same time cannot touch its streams. */
public class BenchRedisResource implements QuarkusTestResourceLifecycleManager {

    private PrivateRedis redis;

    @Override
    public Map<String, String> start() {
        try {
            redis = new PrivateRedis().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.redis.hosts", redis.url(), "sensei.stream.consumer-name", "bench");
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.stop();
        }
    }
}
