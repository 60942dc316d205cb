package com.convosensei.admin.service;

import com.convosensei.admin.config.PrivacyConfig;
import com.convosensei.admin.repository.ErasureRepository;
import com.convosensei.admin.repository.ErasureRepository.ConversationRef;
import com.convosensei.admin.stream.ErasureRedisCleanup;
import com.convosensei.contracts.admin.ErasureResult;
import com.convosensei.db.privacy.ErasureHashes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Erases a person (every conversation carrying their end-user id, in every environment) or one conversation, with
 * everything about them. Order matters: (1) tombstones, so ingest can no longer bring the data back; (2) Redis, so a
 * failure there (503) leaves the rows in place for the retry to find; (3) the rows, in batches; (4) the audit event,
 * which holds counts and a keyed hash, never the user id. Idempotent: erasing again answers zero counts.
 */
@ApplicationScoped
public class ErasureService {

    private final ErasureRepository repository;
    private final ErasureRedisCleanup redis;
    private final ErasureHashes hashes;
    private final int batchSize;

    public ErasureService(ErasureRepository repository, ErasureRedisCleanup redis, PrivacyConfig config) {
        this.repository = repository;
        this.redis = redis;
        this.hashes = new ErasureHashes(config.hashSecret());
        this.batchSize = Math.max(1, config.erasureBatchSize());
    }

    public Uni<ErasureResult> eraseUser(String userId, String actor) {
        String ref = hashes.user(userId);
        return repository.tombstoneUser(hashes, userId)
                .chain(conversations -> redis.clean(conversations, userId))
                .chain(dlq -> repository.purgeUser(userId, batchSize)
                        .chain(counts -> record(actor, "user.erase", "user", ref, counts, dlq)));
    }

    public Uni<ErasureResult> eraseConversation(UUID id, String actor) {
        return repository.tombstoneConversation(hashes, id)
                .chain(found -> {
                    if (found == null) {
                        return record(actor, "conversation.erase", "conversation", id.toString(),
                                ErasureRepository.zeroCounts(), 0);
                    }
                    return redis.clean(List.<ConversationRef>of(found), null)
                            .chain(dlq -> repository.purgeConversation(id)
                                    .chain(counts -> record(actor, "conversation.erase", "conversation", id.toString(), counts, dlq)));
                });
    }

    private Uni<ErasureResult> record(String actor, String action, String kind, String ref, Map<String, Long> counts,
                                      long dlq) {
        JsonObject details = new JsonObject().put("counts", new JsonObject(new LinkedHashMap<>(counts)))
                .put("dlq_entries_deleted", dlq);
        return repository.audit(actor, action, kind, ref, details)
                .replaceWith(new ErasureResult(kind, ref, counts, dlq));
    }
}
