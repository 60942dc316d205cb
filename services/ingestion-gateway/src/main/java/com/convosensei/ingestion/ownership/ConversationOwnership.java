package com.convosensei.ingestion.ownership;

import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.contracts.error.ErrorDetail;
import com.convosensei.ingestion.config.IngestConfig;
import com.convosensei.ingestion.ownership.ConversationOwnerRepository.ConversationRef;
import com.convosensei.platform.error.ApiException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A conversation belongs to the API key that first sent it; another key gets 403 and nothing is written. Decided
 * before the 202 (the processor writes later, so a refusal there would be a silent drop): owners come from memory
 * when known — an owner never changes, so a cached one never goes stale — else from one claim in PostgreSQL
 * ({@link ConversationOwnerRepository}).
 */
@ApplicationScoped
public class ConversationOwnership {

    private final ConversationOwnerRepository repository;
    private final IngestConfig config;
    /** (environment NUL external id) → owner key id; cleared whole when full (a miss costs one claim). */
    private final Map<String, UUID> owners = new ConcurrentHashMap<>();

    public ConversationOwnership(ConversationOwnerRepository repository, IngestConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** The 403 another key's request gets; names the field, not the owner. */
    public static ApiException notYours(String fieldPrefix) {
        return new ApiException(403, new ApiError("this conversation belongs to another API key", ErrorCodes.FORBIDDEN,
                List.of(new ErrorDetail(fieldPrefix + "conversation_id",
                        "belongs to another API key (a conversation is written only by the key that created it)"))));
    }

    /**
     * Which of {@code refs} {@code keyId} may write (claiming the unclaimed); fails with 503 when PostgreSQL cannot
     * answer for a conversation not known here.
     */
    public Uni<Set<ConversationRef>> writable(List<ConversationRef> refs, UUID keyId) {
        Set<ConversationRef> allowed = new LinkedHashSet<>();
        List<ConversationRef> unknown = new ArrayList<>();
        Map<String, ConversationRef> byKey = new HashMap<>();
        for (ConversationRef ref : refs) {
            UUID owner = owners.get(ref.key());
            if (owner == null) {
                if (byKey.putIfAbsent(ref.key(), ref) == null) {
                    unknown.add(ref);
                }
            } else if (owner.equals(keyId)) {
                allowed.add(ref);
            }
        }
        if (unknown.isEmpty()) {
            return Uni.createFrom().item(allowed);
        }
        return repository.claim(unknown, keyId)
                .ifNoItem().after(config.ownerClaimTimeout()).fail()
                .onFailure().transform(e -> {
                    Log.warnf("conversation owner claim failed: %s", e.toString());
                    return ApiException.unavailable("conversation store unavailable, retry shortly",
                            config.retryAfterSeconds());
                })
                .map(found -> {
                    if (owners.size() + found.size() > config.ownerCacheMaxEntries()) {
                        owners.clear();
                    }
                    owners.putAll(found);
                    for (ConversationRef ref : unknown) {
                        if (keyId.equals(found.get(ref.key()))) {
                            allowed.add(ref);
                        }
                    }
                    return allowed;
                });
    }
}
