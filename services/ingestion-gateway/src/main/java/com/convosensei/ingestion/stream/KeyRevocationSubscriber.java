package com.convosensei.ingestion.stream;

import com.convosensei.contracts.stream.Streams;
import com.convosensei.ingestion.service.ApiKeyCache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Listens on {@code sensei:api-key-revoked} (admin-api publishes the prefix of each revoked or deleted key) and drops
 * that key from {@link ApiKeyCache} at once. Holds one Redis connection in subscribe mode.
 * If the subscription is lost (Redis restart, network cut, no answer to the periodic PING) it clears the whole cache
 * — notices may have been missed — and resubscribes with backoff; once resubscribed it clears it again, because
 * keys verified while unsubscribed could have been revoked unseen. The cache TTL bounds everything else.
 */
@ApplicationScoped
public class KeyRevocationSubscriber {

    private static final long MIN_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final Duration PING_EVERY = Duration.ofSeconds(10);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(3);

    private final Redis redis;
    private final Vertx vertx;
    private final ApiKeyCache cache;
    private volatile RedisConnection connection;
    private volatile boolean subscribed;
    private volatile boolean stopped;
    private long backoffMs = MIN_BACKOFF_MS;
    private long pingTimer = -1;

    public KeyRevocationSubscriber(Redis redis, Vertx vertx, ApiKeyCache cache) {
        this.redis = redis;
        this.vertx = vertx;
        this.cache = cache;
    }

    void start(@Observes StartupEvent event) {
        connect();
        pingTimer = vertx.setPeriodic(PING_EVERY.toMillis(), id -> ping());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
        }
        RedisConnection c = connection;
        connection = null;
        if (c != null) {
            c.closeAndForget();
        }
    }

    /** True while the subscription is live (exposed for tests and health). */
    public boolean subscribed() {
        return subscribed;
    }

    private void connect() {
        if (stopped) {
            return;
        }
        redis.connect().subscribe().with(conn -> {
            if (stopped) {
                conn.closeAndForget();
                return;
            }
            connection = conn;
            conn.handler(this::onMessage);
            conn.exceptionHandler(e -> lost(conn, e));
            conn.endHandler(() -> lost(conn, null));
            conn.send(Request.cmd(Command.SUBSCRIBE).arg(Streams.CHANNEL_KEY_REVOKED)).subscribe().with(
                    ok -> {
                        subscribed = true;
                        backoffMs = MIN_BACKOFF_MS;
                        cache.clear();
                        Log.debugf("subscribed to %s", Streams.CHANNEL_KEY_REVOKED);
                    },
                    e -> lost(conn, e));
        }, e -> {
            Log.debugf("cannot subscribe to %s yet: %s", Streams.CHANNEL_KEY_REVOKED, e.toString());
            retryLater();
        });
    }

    private void onMessage(Response message) {
        // RESP2: [message, channel, payload]; RESP3 delivers the same as a push frame
        if (message == null || message.size() < 3 || !"message".equalsIgnoreCase(message.get(0).toString())) {
            return;
        }
        String prefix = message.get(2).toString();
        if (prefix != null && !prefix.isBlank()) {
            cache.revoke(prefix.strip());
            Log.infof("API key %s revoked: dropped from the cache", prefix.strip());
        }
    }

    private void ping() {
        RedisConnection c = connection;
        if (c == null || !subscribed) {
            return;
        }
        c.send(Request.cmd(Command.PING)).ifNoItem().after(PING_TIMEOUT).fail()
                .subscribe().with(ok -> { }, e -> lost(c, e));
    }

    private synchronized void lost(RedisConnection conn, Throwable cause) {
        if (connection != conn) {
            return; // already handled
        }
        connection = null;
        subscribed = false;
        cache.clear();
        Log.warnf("lost the %s subscription (%s): key cache cleared, resubscribing", Streams.CHANNEL_KEY_REVOKED,
                cause == null ? "connection closed" : cause.toString());
        conn.closeAndForget();
        retryLater();
    }

    private void retryLater() {
        if (stopped) {
            return;
        }
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        vertx.setTimer(delay, id -> connect());
    }
}
