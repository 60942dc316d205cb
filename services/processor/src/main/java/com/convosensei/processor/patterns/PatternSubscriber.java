package com.convosensei.processor.patterns;

import com.convosensei.contracts.stream.PatternRunRequest;
import com.convosensei.contracts.stream.PatternStreams;
import com.convosensei.processor.stream.Decoded;
import com.convosensei.processor.stream.JsonStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Consumer of {@code sensei:patterns}: run requests from admin-api ("Run now") and from the weekly schedule. A run
 * lasts minutes, so the consumer's batch timeout and claim-idle are long (application.properties).
 */
@ApplicationScoped
public class PatternSubscriber extends JsonStreamHandler<PatternRunRequest> {

    private final PatternAnalysisService patterns;

    public PatternSubscriber(PatternAnalysisService patterns, ObjectMapper mapper) {
        super("patterns", PatternStreams.PATTERNS, PatternRunRequest.class, mapper);
        this.patterns = patterns;
    }

    @Override
    protected void check(PatternRunRequest request) {
        if (request.runId() == null) {
            throw invalid("pattern run request without run_id");
        }
    }

    @Override
    public Uni<Void> process(List<Decoded<PatternRunRequest>> batch) {
        return oneAtATime(batch, d -> patterns.run(d.value().runId())
                .invoke(outcome -> Log.infof("pattern run %s: %s", d.value().runId(), outcome)));
    }

    @Override
    public boolean isTransient(Throwable failure) {
        return failure instanceof PatternRunBusyException || super.isTransient(failure);
    }
}
