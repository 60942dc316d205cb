package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * Answer of {@code DELETE /api/v1/users/{user_id}} and {@code DELETE /api/v1/conversations/{id}}: rows deleted per
 * table ({@code conversations} included; all zero when nothing matched, the erasure is idempotent) and the DLQ entries
 * naming the erased data that were removed from Redis. {@code audit_ref} is the audit event's {@code target_ref}: the
 * conversation id, or for a user the keyed hash of their id (the id itself is never stored).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ErasureResult(String targetKind, String auditRef, Map<String, Long> counts, long dlqEntriesDeleted) {
}
