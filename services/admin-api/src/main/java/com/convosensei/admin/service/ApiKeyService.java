package com.convosensei.admin.service;

import com.convosensei.admin.repository.ApiKeyRepository;
import com.convosensei.admin.repository.Sql;
import com.convosensei.admin.stream.KeyRevocationPublisher;
import com.convosensei.contracts.admin.ApiKeyCreated;
import com.convosensei.contracts.admin.ApiKeyView;
import com.convosensei.keys.ApiKeys;
import com.convosensei.platform.error.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Creates keys (the full key leaves this service once, in the create response) and revokes them. */
@ApplicationScoped
public class ApiKeyService {

    /** A random 10-character prefix repeating is ~never; a few tries make it certain without a read-before-write. */
    private static final int PREFIX_ATTEMPTS = 3;

    private final ApiKeyRepository keys;
    private final KeyRevocationPublisher revocations;
    private final Vertx vertx;

    public ApiKeyService(ApiKeyRepository keys, KeyRevocationPublisher revocations, Vertx vertx) {
        this.keys = keys;
        this.revocations = revocations;
        this.vertx = vertx;
    }

    public Uni<ApiKeyCreated> create(String name, String createdBy, String otlpConversationAttribute) {
        return create(name, createdBy, otlpConversationAttribute, PREFIX_ATTEMPTS);
    }

    private Uni<ApiKeyCreated> create(String name, String createdBy, String otlpConversationAttribute, int attemptsLeft) {
        // scrypt takes tens of milliseconds: hash on a worker thread, continue on the request's context
        return vertx.executeBlocking(ApiKeys::generate, false)
                .flatMap(key -> keys.insert(name, key.prefix(), key.secretHash(), createdBy, otlpConversationAttribute)
                        .map(row -> new ApiKeyCreated(row.id(), row.name(), row.prefix(), key.fullKey(), row.createdAt()))
                        .onFailure(e -> attemptsLeft > 1 && Sql.isUniqueViolation(e, ApiKeyRepository.PREFIX_CONSTRAINT))
                        .recoverWithUni(() -> create(name, createdBy, otlpConversationAttribute, attemptsLeft - 1)));
    }

    public Uni<ApiKeyView> revoke(UUID id, String revokedBy) {
        return keys.revoke(id, revokedBy).flatMap(row -> {
            if (row == null) {
                throw ApiException.notFound("API key");
            }
            return revocations.publish(row.prefix()).replaceWith(row);
        });
    }
}
