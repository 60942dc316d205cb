package com.convosensei.ingestion.service;

import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.contracts.ingest.FeedbackRequest;
import com.convosensei.contracts.ingest.FeedbackValidator;
import com.convosensei.contracts.stream.FeedbackEvent;
import com.convosensei.ingestion.ownership.ConversationOwnerRepository.ConversationRef;
import com.convosensei.ingestion.ownership.ConversationOwnership;
import com.convosensei.ingestion.redaction.Redaction;
import com.convosensei.ingestion.service.ApiKeyCache.VerifiedKey;
import com.convosensei.ingestion.stream.IngestPublisher;
import com.convosensei.platform.error.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * What every feedback door (the feedback API, its batch, OTLP evaluation events) does after authentication and the
 * rate limit, as {@link TrackPipeline} does for conversations: validate ({@link FeedbackValidator}) → the key must
 * own the conversation, and feedback on one not seen yet claims it ({@link ConversationOwnership}) → redact the
 * comment ({@link Redaction}) → XADD to {@code sensei:feedback}. One outcome per item, in request order.
 */
@ApplicationScoped
public class FeedbackPipeline {

    /** One item's fate: accepted ({@code eventId} set, {@code stored} is what was streamed) or {@code failure}. */
    public record Outcome(FeedbackRequest stored, String eventId, ApiException failure) {
        public boolean accepted() {
            return failure == null;
        }
    }

    private final FeedbackValidator validator;
    private final IngestPublisher publisher;
    private final ConversationOwnership ownership;
    private final Redaction redaction;

    public FeedbackPipeline(FeedbackValidator validator, IngestPublisher publisher, ConversationOwnership ownership,
                            Redaction redaction) {
        this.validator = validator;
        this.publisher = publisher;
        this.ownership = ownership;
        this.redaction = redaction;
    }

    /**
     * @param items     feedback objects in the feedback request's JSON shape
     * @param fieldPath field-name prefix of item i in error details ("" for a single request)
     * @param source    {@link FeedbackEvent#SOURCE_API} or {@link FeedbackEvent#SOURCE_OTLP}
     */
    public Uni<List<Outcome>> submit(VerifiedKey key, List<JsonNode> items, IntFunction<String> fieldPath,
                                     String source, Instant receivedAt, Map<String, String> trace) {
        List<FeedbackValidator.Result> results = new ArrayList<>(items.size());
        List<ConversationRef> refs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            FeedbackValidator.Result result = validator.validate(items.get(i), fieldPath.apply(i));
            results.add(result);
            if (result.valid()) {
                refs.add(ref(result.request()));
            }
        }
        Uni<Set<ConversationRef>> writable = refs.isEmpty() ? Uni.createFrom().item(Set.of())
                : ownership.writable(refs, key.id());
        return writable.flatMap(allowed -> {
            List<Uni<Outcome>> outcomes = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                FeedbackValidator.Result result = results.get(i);
                if (!result.valid()) {
                    outcomes.add(failed(ApiException.badRequest(result.errors())));
                } else if (!allowed.contains(ref(result.request()))) {
                    outcomes.add(failed(ConversationOwnership.notYours(fieldPath.apply(i))));
                } else {
                    FeedbackRequest stored = redaction.apply(result.request());
                    outcomes.add(publisher.publishFeedback(new FeedbackEvent(stored, key.id(), receivedAt, source), trace)
                            .map(eventId -> new Outcome(stored, eventId, null))
                            .onFailure().recoverWithItem(e -> new Outcome(null, null, e instanceof ApiException api ? api
                                    : new ApiException(500, ApiError.of(ErrorCodes.INTERNAL, "internal error")))));
                }
            }
            return outcomes.isEmpty() ? Uni.createFrom().item(List.<Outcome>of())
                    : Uni.join().all(outcomes).andFailFast();
        });
    }

    private static Uni<Outcome> failed(ApiException e) {
        return Uni.createFrom().item(new Outcome(null, null, e));
    }

    private static ConversationRef ref(FeedbackRequest r) {
        return new ConversationRef(r.environment(), r.conversationId());
    }
}
