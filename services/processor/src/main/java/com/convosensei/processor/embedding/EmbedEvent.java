package com.convosensei.processor.embedding;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.UUID;

/** Payload of a {@code sensei:embed} entry: (re)embed this conversation's text. Processor-internal. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EmbedEvent(UUID conversationId) {
}
