package com.convosensei.processor.scoring;

import com.convosensei.contracts.stream.ProcessEvent;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.processor.stream.Decoded;
import com.convosensei.processor.stream.JsonStreamHandler;
import com.convosensei.processor.stream.ProcessPublisher;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Consumer of {@code sensei:process}: scores each conversation of the batch once (duplicates in a batch collapse),
 * {@code parallelism} transactions at once, each writing {@code conversations-per-transaction} of them ({@link
 * ScoringService#scoreAll}). A
 * conversation whose every entry in the batch is a {@value #REASON_RESCORE} request is re-scored without alerting on
 * what is new (see {@link ScoringService#score(UUID, boolean)}); any other entry for it (new data, its end) makes it a
 * normal scoring. Per the {@link ProcessPublisher} contract the coalescing markers are released BEFORE the
 * conversations are loaded (one DEL for the whole batch), so data arriving during the scoring queues a fresh request.
 */
@ApplicationScoped
public class ProcessSubscriber extends JsonStreamHandler<ProcessEvent> {

    /** Reason of the entries {@code scripts/rescore.sh} enqueues: re-score history with the current analysis. */
    public static final String REASON_RESCORE = "rescore";

    private final ScoringService scoring;
    private final ReactiveKeyCommands<String> keys;
    private final int parallelism;
    private final int perTransaction;

    public ProcessSubscriber(ScoringService scoring, ReactiveRedisDataSource redis, ObjectMapper mapper,
                             AnalysisSettings settings) {
        super("process", Streams.PROCESS, ProcessEvent.class, mapper);
        this.scoring = scoring;
        this.keys = redis.key();
        this.parallelism = Math.max(1, settings.parallelism());
        this.perTransaction = Math.max(1, settings.conversationsPerTransaction());
    }

    @Override
    protected void check(ProcessEvent event) {
        if (event.conversationId() == null) {
            throw invalid("process event without conversation_id");
        }
    }

    @Override
    public Uni<Void> process(List<Decoded<ProcessEvent>> batch) {
        Map<UUID, Boolean> alertNewById = new LinkedHashMap<>();
        batch.forEach(d -> alertNewById.merge(d.value().conversationId(),
                !REASON_RESCORE.equals(d.value().reason()), Boolean::logicalOr));
        String[] markers = alertNewById.keySet().stream().map(ProcessPublisher::pendingKey).toArray(String[]::new);
        // `parallelism` transactions at once, each scoring up to conversationsPerTransaction and committing once
        List<UUID> ids = List.copyOf(alertNewById.keySet());
        int share = perTransaction;
        List<Map<UUID, Boolean>> transactions = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += share) {
            Map<UUID, Boolean> part = new LinkedHashMap<>();
            ids.subList(from, Math.min(ids.size(), from + share)).forEach(id -> part.put(id, alertNewById.get(id)));
            transactions.add(part);
        }
        return keys.del(markers).chain(() -> Multi.createFrom().iterable(transactions)
                .onItem().transformToUni(part -> scoring.scoreAll(part)
                        .invoke(outcomes -> outcomes.forEach(o -> {
                            if (o.found()) {
                                Log.debugf("scored %s: health %.1f, %d failure(s), %d alert(s)", o.conversationId(),
                                        o.health(), o.failures().size(), o.alerts().size());
                            } else {
                                Log.debugf("conversation %s no longer exists: nothing to score", o.conversationId());
                            }
                        })))
                .merge(parallelism)
                .collect().last().replaceWithVoid());
    }
}
