package com.convosensei.ingestion.service;

import com.convosensei.ingestion.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Keys verified recently, so the hot path pays a SHA-256 instead of scrypt and a database round trip.
 * <ul>
 *   <li>Entries are keyed by {@code ApiKeys.cacheKey(fullKey)} (SHA-256 of the key): the cache never holds a usable
 *   key.</li>
 *   <li>An entry lives {@code sensei.ingest.key-cache-ttl} (default 30 s): the upper bound for a revocation whose
 *   pub/sub notice was missed.</li>
 *   <li>{@link #revoke(String)} (called for each prefix published on {@code sensei:api-key-revoked}) drops a key at
 *   once; {@link #clear()} drops everything (called when the subscription was lost, since notices may have been
 *   missed meanwhile).</li>
 *   <li>Race: a verification that started before a revocation must not re-insert the key afterwards. Callers take
 *   {@link #generation()} before reading the database and pass it to {@link #put}; any revocation or clear in between
 *   bumps the generation and the put is dropped.</li>
 *   <li>Keys that failed verification are remembered for the same TTL, so a client retrying a wrong key does not cost
 *   a scrypt run each time.</li>
 * </ul>
 */
@ApplicationScoped
public class ApiKeyCache {

    /** A key that verified: its row id, prefix, and its OTLP conversation attribute (null: none set). */
    public record VerifiedKey(UUID id, String prefix, String otlpConversationAttribute) {
    }

    private record Entry(VerifiedKey key, long expiresAt) {
    }

    private final Map<String, Entry> verified = new ConcurrentHashMap<>();
    private final Map<String, Long> failed = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier clock;

    @Inject
    public ApiKeyCache(IngestConfig config) {
        this(config.keyCacheTtl().toNanos(), config.keyCacheMaxEntries(), System::nanoTime);
    }

    ApiKeyCache(long ttlNanos, int maxEntries, LongSupplier clock) {
        this.ttlNanos = ttlNanos;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The verified key for this cache key, or null when absent or expired. */
    public VerifiedKey get(String cacheKey) {
        Entry e = verified.get(cacheKey);
        if (e == null) {
            return null;
        }
        if (clock.getAsLong() - e.expiresAt > 0) {
            verified.remove(cacheKey, e);
            return null;
        }
        return e.key;
    }

    /** True when this exact key failed verification within the TTL. */
    public boolean knownBad(String cacheKey) {
        Long expiresAt = failed.get(cacheKey);
        if (expiresAt == null) {
            return false;
        }
        if (clock.getAsLong() - expiresAt > 0) {
            failed.remove(cacheKey, expiresAt);
            return false;
        }
        return true;
    }

    public long generation() {
        return generation.get();
    }

    /** Remembers a verified key unless a revocation happened since {@code generationBefore}. */
    public void put(String cacheKey, VerifiedKey key, long generationBefore) {
        makeRoom(verified);
        verified.put(cacheKey, new Entry(key, clock.getAsLong() + ttlNanos));
        // re-check after the write: a revocation that ran between our check and our put must win
        if (generation.get() != generationBefore) {
            verified.remove(cacheKey);
        }
    }

    public void putBad(String cacheKey) {
        makeRoom(failed);
        failed.put(cacheKey, clock.getAsLong() + ttlNanos);
    }

    /** Drops every cached key with this prefix (the key was revoked or deleted). */
    public void revoke(String prefix) {
        generation.incrementAndGet();
        verified.values().removeIf(e -> e.key.prefix().equals(prefix));
    }

    /** Drops everything (revocation notices may have been missed). */
    public void clear() {
        generation.incrementAndGet();
        verified.clear();
    }

    public int size() {
        return verified.size();
    }

    private void makeRoom(Map<String, ?> map) {
        if (map.size() < maxEntries) {
            return;
        }
        long now = clock.getAsLong();
        map.values().removeIf(v -> now - (v instanceof Entry e ? e.expiresAt : (Long) v) > 0);
        if (map.size() >= maxEntries) {
            map.clear();
        }
    }
}
