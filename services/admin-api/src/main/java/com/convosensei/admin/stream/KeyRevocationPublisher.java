package com.convosensei.admin.stream;

import com.convosensei.contracts.stream.Streams;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Announces a revoked key's prefix on {@link Streams#CHANNEL_KEY_REVOKED} so every ingestion replica drops it from
 * its verified-key cache at once. Best effort by design: the revocation itself is the database row, and ingestion's
 * cache entries expire after a short TTL anyway, so a Redis hiccup delays the effect by at most that TTL.
 */
@ApplicationScoped
public class KeyRevocationPublisher {

    private final ReactivePubSubCommands<String> pubsub;

    public KeyRevocationPublisher(ReactiveRedisDataSource redis) {
        this.pubsub = redis.pubsub(String.class);
    }

    public Uni<Void> publish(String prefix) {
        return pubsub.publish(Streams.CHANNEL_KEY_REVOKED, prefix)
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("could not announce revocation of key %s (ingestion caches drop it on expiry): %s", prefix, e.toString());
                    return null;
                });
    }
}
