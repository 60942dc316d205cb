package com.convosensei.ingestion.service;

import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.contracts.ingest.TrackRequest;
import com.convosensei.contracts.ingest.TrackValidator;
import com.convosensei.contracts.stream.IngestEvent;
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
 * What every intake door (track, track batch, OTLP) does with conversations after authentication and the rate limit:
 * validate every rule with field paths ({@link TrackValidator}) → check the key owns the conversation
 * ({@link ConversationOwnership}) → redact ({@link Redaction}) → XADD to {@code sensei:ingest}. One outcome per item,
 * in request order; the XADDs go out together (pipelined over the pool).
 */
@ApplicationScoped
public class TrackPipeline {

    /** One item's fate: accepted ({@code eventId} set, {@code stored} is what was streamed) or {@code failure}. */
    public record Outcome(TrackRequest stored, String eventId, ApiException failure) {
        public boolean accepted() {
            return failure == null;
        }
    }

    private final TrackValidator validator;
    private final IngestPublisher publisher;
    private final ConversationOwnership ownership;
    private final Redaction redaction;

    public TrackPipeline(TrackValidator validator, IngestPublisher publisher, ConversationOwnership ownership,
                         Redaction redaction) {
        this.validator = validator;
        this.publisher = publisher;
        this.ownership = ownership;
        this.redaction = redaction;
    }

    /**
     * @param items     conversation objects in the track request's JSON shape
     * @param fieldPath field-name prefix of item i in error details ("" for a single request)
     */
    public Uni<List<Outcome>> submit(VerifiedKey key, List<JsonNode> items, IntFunction<String> fieldPath,
                                     Instant receivedAt, Map<String, String> trace) {
        List<TrackValidator.Result> results = new ArrayList<>(items.size());
        List<ConversationRef> refs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            TrackValidator.Result result = validator.validate(items.get(i), fieldPath.apply(i));
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
                TrackValidator.Result result = results.get(i);
                if (!result.valid()) {
                    outcomes.add(failed(ApiException.badRequest(result.errors())));
                    continue;
                }
                if (!allowed.contains(ref(result.request()))) {
                    outcomes.add(failed(ConversationOwnership.notYours(fieldPath.apply(i))));
                    continue;
                }
                TrackRequest stored = redaction.apply(result.request());
                outcomes.add(publisher.publish(new IngestEvent(stored, key.id(), receivedAt), trace)
                        .map(eventId -> new Outcome(stored, eventId, null))
                        .onFailure().recoverWithItem(e -> new Outcome(null, null, e instanceof ApiException api ? api
                                : new ApiException(500, ApiError.of(ErrorCodes.INTERNAL, "internal error")))));
            }
            return outcomes.isEmpty() ? Uni.createFrom().item(List.<Outcome>of())
                    : Uni.join().all(outcomes).andFailFast();
        });
    }

    private static Uni<Outcome> failed(ApiException e) {
        return Uni.createFrom().item(new Outcome(null, null, e));
    }

    private static ConversationRef ref(TrackRequest r) {
        return new ConversationRef(r.environment(), r.conversationId());
    }
}
