package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/** The answer to creating a key: the only time the full {@code key} is ever shown. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApiKeyCreated(UUID id, String name, String prefix, String key, Instant createdAt) {

    @Override
    public String toString() {
        return "ApiKeyCreated[id=" + id + ", prefix=" + prefix + ", key=***]";
    }
}
