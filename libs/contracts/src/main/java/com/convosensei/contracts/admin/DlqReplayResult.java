package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code POST /api/v1/admin/dlq/{id}/replay}: the DLQ entry {@code replayed_id} is now {@code new_id} on {@code stream}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DlqReplayResult(String replayedId, String newId, String stream) {
}
