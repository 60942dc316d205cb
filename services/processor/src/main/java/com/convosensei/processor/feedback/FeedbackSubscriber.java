package com.convosensei.processor.feedback;

import com.convosensei.contracts.Limits;
import com.convosensei.contracts.ingest.FeedbackRequest;
import com.convosensei.contracts.stream.FeedbackEvent;
import com.convosensei.contracts.stream.ProcessEvent;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.processor.stream.Decoded;
import com.convosensei.processor.stream.JsonStreamHandler;
import com.convosensei.processor.stream.ProcessPublisher;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Consumer of {@code sensei:feedback}: stores explicit feedback ({@link FeedbackRepository}: erased conversations
 * skipped, newest per (conversation, message, user) kept), then — after the commit — asks for a re-score of each
 * stored conversation it touched. Feedback on a conversation not stored yet waits in the table: scoring reads
 * feedback by (environment, external id), so the conversation's first scoring includes it. Idempotent: a redelivered
 * entry rewrites the same row with the same values.
 */
@ApplicationScoped
public class FeedbackSubscriber extends JsonStreamHandler<FeedbackEvent> {

    public static final String NAME = "feedback";

    private final FeedbackRepository repository;
    private final ProcessPublisher processPublisher;

    public FeedbackSubscriber(FeedbackRepository repository, ProcessPublisher processPublisher, ObjectMapper mapper) {
        super(NAME, Streams.FEEDBACK, FeedbackEvent.class, mapper);
        this.repository = repository;
        this.processPublisher = processPublisher;
    }

    /** JSON → FeedbackEvent, plus what the table's checks would refuse (an entry not written by the gateway may lack it). */
    @Override
    protected void check(FeedbackEvent event) {
        FeedbackRequest f = event.feedback();
        if (f == null) {
            throw invalid("feedback event has no feedback");
        }
        String id = f.conversationId();
        if (id == null || id.isBlank() || id.codePointCount(0, id.length()) > Limits.MAX_CONVERSATION_ID_LENGTH
                || f.environment() == null || f.timestamp() == null) {
            throw invalid("feedback lacks a valid conversation_id, environment or timestamp");
        }
        boolean valid = f.value() != null && (FeedbackRequest.KIND_THUMBS.equals(f.kind())
                ? f.value() == -1 || f.value() == 1
                : FeedbackRequest.KIND_RATING.equals(f.kind()) && f.value() >= 1 && f.value() <= 5);
        if (!valid) {
            throw invalid("feedback kind/value invalid: " + f.kind() + " " + f.value());
        }
    }

    @Override
    public Uni<Void> process(List<Decoded<FeedbackEvent>> batch) {
        return repository.write(batch.stream().map(Decoded::value).toList())
                .invoke(r -> Log.debugf("feedback: %d entries, %d rows written, %d conversations to re-score",
                        batch.size(), r.rowsWritten(), r.conversationIds().size()))
                // after the commit: a failure here retries the (idempotent) batch, so no re-score is lost
                .flatMap(r -> processPublisher.request(r.conversationIds(), ProcessEvent.REASON_FEEDBACK))
                .replaceWithVoid();
    }
}
