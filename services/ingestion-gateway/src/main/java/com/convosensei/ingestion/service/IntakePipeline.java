package com.convosensei.ingestion.service;

import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.contracts.error.ErrorDetail;
import com.convosensei.ingestion.ownership.ConversationOwnerRepository.ConversationRef;
import com.convosensei.ingestion.ownership.ConversationOwnership;
import com.convosensei.ingestion.service.ApiKeyCache.VerifiedKey;
import com.convosensei.platform.error.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * What every intake door does with its items after authentication and the rate limit: validate every rule with field
 * paths → check the key owns the item's conversation (a first item for an unseen conversation claims it; another
 * key's gets 403, see {@link ConversationOwnership}) → redact → XADD. One outcome per item, in request order; the
 * XADDs go out together (pipelined over the pool). {@link TrackPipeline} (conversations) and
 * {@link FeedbackPipeline} (feedback) fill in the steps that differ.
 *
 * @param <R> the validated request type
 */
public abstract class IntakePipeline<R> {

    /** One item's fate: accepted ({@code eventId} set, {@code stored} is what was streamed) or {@code failure}. */
    public record Outcome<R>(R stored, String eventId, ApiException failure) {
        public boolean accepted() {
            return failure == null;
        }
    }

    /** A validator's verdict on one item: the request, or the field errors. */
    protected record Checked<R>(R request, List<ErrorDetail> errors) {
    }

    private final ConversationOwnership ownership;
    private final IntakeMetrics metrics;

    protected IntakePipeline(ConversationOwnership ownership, IntakeMetrics metrics) {
        this.ownership = ownership;
        this.metrics = metrics;
    }

    protected abstract Checked<R> validate(JsonNode item, String fieldPath);

    protected abstract ConversationRef conversationOf(R request);

    protected abstract R redact(R request);

    /** XADDs the redacted request; the entry id is the event id the client sees. */
    protected abstract Uni<String> publish(R stored, VerifiedKey key, Instant receivedAt, Map<String, String> trace);

    /**
     * Every item's outcome is counted for {@code endpoint} ({@link IntakeMetrics}): accepted, or refused with its
     * error code; all of them when the pipeline itself fails (the ownership store unreachable).
     *
     * @param items     items in the request's JSON shape
     * @param fieldPath field-name prefix of item i in error details ("" for a single request)
     */
    public Uni<List<Outcome<R>>> submit(IntakeMetrics.Endpoint endpoint, VerifiedKey key, List<JsonNode> items,
                                        IntFunction<String> fieldPath, Instant receivedAt, Map<String, String> trace) {
        return metrics.refusing(endpoint, items.size(),
                        Uni.createFrom().deferred(() -> outcomes(key, items, fieldPath, receivedAt, trace)))
                .invoke(outcomes -> metrics.outcomes(endpoint, outcomes));
    }

    private Uni<List<Outcome<R>>> outcomes(VerifiedKey key, List<JsonNode> items, IntFunction<String> fieldPath,
                                           Instant receivedAt, Map<String, String> trace) {
        List<Checked<R>> checked = new ArrayList<>(items.size());
        List<ConversationRef> refs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Checked<R> item = validate(items.get(i), fieldPath.apply(i));
            checked.add(item);
            if (item.errors().isEmpty()) {
                refs.add(conversationOf(item.request()));
            }
        }
        Uni<Set<ConversationRef>> writable = refs.isEmpty() ? Uni.createFrom().item(Set.of())
                : ownership.writable(refs, key.id());
        return writable.flatMap(allowed -> {
            List<Uni<Outcome<R>>> outcomes = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                Checked<R> item = checked.get(i);
                if (!item.errors().isEmpty()) {
                    outcomes.add(failed(ApiException.badRequest(item.errors())));
                } else if (!allowed.contains(conversationOf(item.request()))) {
                    outcomes.add(failed(ConversationOwnership.notYours(fieldPath.apply(i))));
                } else {
                    R stored = redact(item.request());
                    outcomes.add(publish(stored, key, receivedAt, trace)
                            .map(eventId -> new Outcome<>(stored, eventId, null))
                            .onFailure().recoverWithItem(e -> new Outcome<>(null, null, e instanceof ApiException api
                                    ? api : new ApiException(500, ApiError.of(ErrorCodes.INTERNAL, "internal error")))));
                }
            }
            return outcomes.isEmpty() ? Uni.createFrom().item(List.<Outcome<R>>of())
                    : Uni.join().all(outcomes).andFailFast();
        });
    }

    private Uni<Outcome<R>> failed(ApiException e) {
        return Uni.createFrom().item(new Outcome<>(null, null, e));
    }
}
