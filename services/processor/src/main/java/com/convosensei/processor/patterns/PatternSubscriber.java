package com.convosensei.processor.patterns;

import com.convosensei.contracts.stream.PatternRunRequest;
import com.convosensei.contracts.stream.PatternStreams;
import com.convosensei.processor.stream.Decoded;
import com.convosensei.processor.stream.NonRetryableException;
import com.convosensei.processor.stream.StreamEntries;
import com.convosensei.processor.stream.StreamEntry;
import com.convosensei.processor.stream.StreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Consumer of {@code sensei:patterns}: run requests from admin-api ("Run now") and from the weekly schedule. A run
 * lasts minutes, so the consumer's batch timeout and claim-idle are long (application.properties).
 */
@ApplicationScoped
public class PatternSubscriber implements StreamHandler<PatternRunRequest> {

    private final PatternAnalysisService patterns;
    private final ObjectMapper mapper;

    public PatternSubscriber(PatternAnalysisService patterns, ObjectMapper mapper) {
        this.patterns = patterns;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return "patterns";
    }

    @Override
    public String stream() {
        return PatternStreams.PATTERNS;
    }

    @Override
    public PatternRunRequest decode(StreamEntry entry) {
        PatternRunRequest request = StreamEntries.json(mapper, entry, PatternRunRequest.class);
        if (request.runId() == null) {
            throw new NonRetryableException("pattern run request without run_id");
        }
        return request;
    }

    @Override
    public Uni<Void> process(List<Decoded<PatternRunRequest>> batch) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(d -> patterns.run(d.value().runId())
                        .invoke(outcome -> Log.infof("pattern run %s: %s", d.value().runId(), outcome)))
                .collect().last().replaceWithVoid();
    }

    @Override
    public boolean isTransient(Throwable failure) {
        return failure instanceof PatternRunBusyException || StreamHandler.super.isTransient(failure);
    }
}
