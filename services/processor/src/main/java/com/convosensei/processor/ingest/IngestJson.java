package com.convosensei.processor.ingest;

import com.convosensei.contracts.Limits;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The processor reads {@code sensei:ingest} payloads with a nesting limit of at least
 * {@link Limits#INGEST_EVENT_MAX_DEPTH}: the metadata depth intake accepts plus the event's wrapper levels, so an
 * accepted request can never dead-letter as undecodable (as metadata nested 999 deep did against Jackson's 1000).
 */
@Singleton
public class IngestJson implements ObjectMapperCustomizer {

    /** The nesting depth the processor's reader allows. */
    public static final int MAX_NESTING_DEPTH = Math.max(StreamReadConstraints.DEFAULT_MAX_DEPTH,
            Limits.INGEST_EVENT_MAX_DEPTH);

    @Override
    public void customize(ObjectMapper mapper) {
        StreamReadConstraints current = mapper.getFactory().streamReadConstraints();
        mapper.getFactory().setStreamReadConstraints(current.rebuild().maxNestingDepth(MAX_NESTING_DEPTH).build());
    }
}
