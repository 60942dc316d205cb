package com.convosensei.ingestion.service;

import com.convosensei.contracts.ingest.TrackRequest;
import com.convosensei.contracts.ingest.TrackValidator;
import com.convosensei.contracts.stream.IngestEvent;
import com.convosensei.ingestion.ownership.ConversationOwnerRepository.ConversationRef;
import com.convosensei.ingestion.ownership.ConversationOwnership;
import com.convosensei.ingestion.redaction.Redaction;
import com.convosensei.ingestion.service.ApiKeyCache.VerifiedKey;
import com.convosensei.ingestion.stream.IngestPublisher;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;

/**
 * The {@link IntakePipeline} of conversations, for every door that takes them (track, track batch, OTLP):
 * {@link TrackValidator} → ownership → {@link Redaction} of message text and metadata → {@code sensei:ingest}.
 * {@code @Singleton}, not {@code @ApplicationScoped}: a client proxy would need a no-args constructor up the class
 * chain, and the pipeline has no state worth proxying.
 */
@Singleton
public class TrackPipeline extends IntakePipeline<TrackRequest> {

    private final TrackValidator validator;
    private final IngestPublisher publisher;
    private final Redaction redaction;

    public TrackPipeline(TrackValidator validator, IngestPublisher publisher, ConversationOwnership ownership,
                         Redaction redaction, IntakeMetrics metrics) {
        super(ownership, metrics);
        this.validator = validator;
        this.publisher = publisher;
        this.redaction = redaction;
    }

    @Override
    protected Checked<TrackRequest> validate(JsonNode item, String fieldPath) {
        TrackValidator.Result result = validator.validate(item, fieldPath);
        return new Checked<>(result.request(), result.errors());
    }

    @Override
    protected ConversationRef conversationOf(TrackRequest request) {
        return new ConversationRef(request.environment(), request.conversationId());
    }

    @Override
    protected TrackRequest redact(TrackRequest request) {
        return redaction.apply(request);
    }

    @Override
    protected Uni<String> publish(TrackRequest stored, VerifiedKey key, Instant receivedAt, Map<String, String> trace) {
        return publisher.publish(new IngestEvent(stored, key.id(), receivedAt), trace);
    }
}
