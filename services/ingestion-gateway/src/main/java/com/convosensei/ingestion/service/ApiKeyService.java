package com.convosensei.ingestion.service;

import com.convosensei.ingestion.config.IngestConfig;
import com.convosensei.ingestion.repository.ApiKeyRepository;
import com.convosensei.ingestion.service.ApiKeyCache.VerifiedKey;
import com.convosensei.keys.ApiKeys;
import com.convosensei.keys.ParseResult;
import com.convosensei.keys.ParsedKey;
import com.convosensei.platform.error.ApiException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates ingestion requests by API key ({@code Authorization: Bearer sk_...}, {@code X-API-Key: sk_...}, or
 * {@value #SENSEI_KEY_HEADER}, the header OTel exporters are given through {@code OTEL_EXPORTER_OTLP_HEADERS}).
 * Hot path: parse (cheap) → SHA-256 → in-memory hit. Miss: one indexed look-up by prefix, scrypt on a worker
 * thread, then cached (see {@link ApiKeyCache} for how revocation stays prompt). Concurrent misses for the same key
 * share one verification. Every refusal is a 401 envelope; a database outage on a miss is a 503.
 */
@ApplicationScoped
public class ApiKeyService {

    private static final String BEARER = "bearer ";
    /** The third key header, for OTel exporters (their docs and env vars name headers, not Authorization schemes). */
    public static final String SENSEI_KEY_HEADER = "x-sensei-api-key";

    private final ApiKeyRepository repository;
    private final ApiKeyCache cache;
    private final IngestConfig config;
    private final Map<String, Uni<VerifiedKey>> inFlight = new ConcurrentHashMap<>();
    private final Map<UUID, Long> lastTouched = new ConcurrentHashMap<>();

    public ApiKeyService(ApiKeyRepository repository, ApiKeyCache cache, IngestConfig config) {
        this.repository = repository;
        this.cache = cache;
        this.config = config;
    }

    public Uni<VerifiedKey> authenticate(String authorization, String xApiKey) {
        return authenticate(authorization, xApiKey, null);
    }

    /** @param senseiKey the {@value #SENSEI_KEY_HEADER} header (used when neither of the other two is sent) */
    public Uni<VerifiedKey> authenticate(String authorization, String xApiKey, String senseiKey) {
        String presented;
        try {
            presented = presentedKey(authorization,
                    (xApiKey == null || xApiKey.isBlank()) ? senseiKey : xApiKey);
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
        ParseResult parsed = ApiKeys.parse(presented);
        if (parsed instanceof ParseResult.Malformed malformed) {
            return Uni.createFrom().failure(ApiException.unauthorized(malformed.reason()));
        }
        ParsedKey key = ((ParseResult.Valid) parsed).key();
        String cacheKey = ApiKeys.cacheKey(presented);
        VerifiedKey hit = cache.get(cacheKey);
        if (hit != null) {
            touch(hit.id());
            return Uni.createFrom().item(hit);
        }
        if (cache.knownBad(cacheKey)) {
            return Uni.createFrom().failure(ApiException.unauthorized("invalid API key"));
        }
        return inFlight.computeIfAbsent(cacheKey, k -> verify(k, key)
                        .onTermination().invoke(() -> inFlight.remove(k))
                        .memoize().indefinitely())
                .invoke(verified -> touch(verified.id()));
    }

    private Uni<VerifiedKey> verify(String cacheKey, ParsedKey key) {
        long generation = cache.generation();
        return repository.findByPrefix(key.prefix())
                .onFailure().transform(e -> {
                    Log.warnf("API key look-up failed: %s", e.toString());
                    return ApiException.unavailable("cannot verify the API key right now", config.retryAfterSeconds());
                })
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        cache.putBad(cacheKey);
                        return Uni.createFrom().failure(ApiException.unauthorized("invalid API key"));
                    }
                    ApiKeyRepository.StoredKey stored = found.get();
                    // scrypt takes tens of milliseconds: never on the event loop
                    return Uni.createFrom().item(() -> ApiKeys.verify(key.secret(), stored.secretHash()))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            .flatMap(ok -> {
                                if (!ok) {
                                    cache.putBad(cacheKey);
                                    return Uni.createFrom().failure(ApiException.unauthorized("invalid API key"));
                                }
                                if (stored.revoked()) {
                                    cache.putBad(cacheKey);
                                    return Uni.createFrom().failure(ApiException.unauthorized("API key has been revoked"));
                                }
                                VerifiedKey verified = new VerifiedKey(stored.id(), stored.prefix(),
                                        stored.otlpConversationAttribute());
                                cache.put(cacheKey, verified, generation);
                                return Uni.createFrom().item(verified);
                            });
                });
    }

    /** Bearer wins over X-API-Key (or x-sensei-api-key) when both are sent; anything else is a 401. */
    private static String presentedKey(String authorization, String xApiKey) {
        if (authorization != null && !authorization.isBlank()) {
            if (authorization.length() > BEARER.length()
                    && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return authorization.substring(BEARER.length()).strip();
            }
            if (xApiKey == null || xApiKey.isBlank()) {
                throw ApiException.unauthorized("send the API key as 'Authorization: Bearer <key>', 'X-API-Key: <key>' or '"
                        + SENSEI_KEY_HEADER + ": <key>'");
            }
        }
        if (xApiKey != null && !xApiKey.isBlank()) {
            return xApiKey.strip();
        }
        throw ApiException.unauthorized("an API key is required ('Authorization: Bearer <key>', 'X-API-Key: <key>' or '"
                + SENSEI_KEY_HEADER + ": <key>')");
    }

    /** Coalesced last_used_at: at most one write per key per interval per instance; failures only logged. */
    private void touch(UUID keyId) {
        long now = System.nanoTime();
        long interval = config.lastUsedInterval().toNanos();
        Long previous = lastTouched.get(keyId);
        if (previous != null && now - previous < interval) {
            return;
        }
        boolean won = previous == null ? lastTouched.putIfAbsent(keyId, now) == null
                : lastTouched.replace(keyId, previous, now);
        if (won) {
            repository.touchLastUsed(keyId, config.lastUsedInterval().toSeconds())
                    .subscribe().with(ok -> { }, e -> Log.debugf("last_used_at update failed: %s", e.toString()));
        }
    }
}
