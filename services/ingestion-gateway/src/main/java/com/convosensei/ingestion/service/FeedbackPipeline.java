package com.convosensei.ingestion.service;

import com.convosensei.contracts.ingest.FeedbackRequest;
import com.convosensei.contracts.ingest.FeedbackValidator;
import com.convosensei.contracts.stream.FeedbackEvent;
import com.convosensei.ingestion.ownership.ConversationOwnerRepository.ConversationRef;
import com.convosensei.ingestion.ownership.ConversationOwnership;
import com.convosensei.ingestion.redaction.Redaction;
import com.convosensei.ingestion.service.ApiKeyCache.VerifiedKey;
import com.convosensei.ingestion.stream.IngestPublisher;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * The {@link IntakePipeline} of feedback, for every door that takes it (the feedback API, its batch, OTLP evaluation
 * events): {@link FeedbackValidator} → ownership (feedback on an unseen conversation claims it, as a first track
 * does) → {@link Redaction} of the comment → {@code sensei:feedback}. Two instances: one per {@code source}.
 */
public class FeedbackPipeline extends IntakePipeline<FeedbackRequest> {

    private final FeedbackValidator validator;
    private final IngestPublisher publisher;
    private final Redaction redaction;
    private final String source;

    FeedbackPipeline(FeedbackValidator validator, IngestPublisher publisher, ConversationOwnership ownership,
                     Redaction redaction, IntakeMetrics metrics, String source) {
        super(ownership, metrics);
        this.validator = validator;
        this.publisher = publisher;
        this.redaction = redaction;
        this.source = source;
    }

    @Override
    protected Checked<FeedbackRequest> validate(JsonNode item, String fieldPath) {
        FeedbackValidator.Result result = validator.validate(item, fieldPath);
        return new Checked<>(result.request(), result.errors());
    }

    @Override
    protected ConversationRef conversationOf(FeedbackRequest request) {
        return new ConversationRef(request.environment(), request.conversationId());
    }

    @Override
    protected FeedbackRequest redact(FeedbackRequest request) {
        return redaction.apply(request);
    }

    @Override
    protected Uni<String> publish(FeedbackRequest stored, VerifiedKey key, Instant receivedAt,
                                  Map<String, String> trace) {
        return publisher.publishFeedback(new FeedbackEvent(stored, key.id(), receivedAt, source), trace);
    }

    /** The two feedback pipelines, told apart by where the feedback came in ({@code feedback.source}). */
    @ApplicationScoped
    public static class Sources {
        private final FeedbackPipeline api;
        private final FeedbackPipeline otlp;

        public Sources(FeedbackValidator validator, IngestPublisher publisher, ConversationOwnership ownership,
                       Redaction redaction, IntakeMetrics metrics) {
            this.api = new FeedbackPipeline(validator, publisher, ownership, redaction, metrics,
                    FeedbackEvent.SOURCE_API);
            this.otlp = new FeedbackPipeline(validator, publisher, ownership, redaction, metrics,
                    FeedbackEvent.SOURCE_OTLP);
        }

        public FeedbackPipeline api() {
            return api;
        }

        public FeedbackPipeline otlp() {
            return otlp;
        }
    }
}
