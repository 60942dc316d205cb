package com.convosensei.processor.scoring;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.AnalysisResult;
import com.convosensei.analysis.ConversationAnalyzer;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.model.Conversation;
import com.convosensei.analysis.model.Feedback;
import com.convosensei.analysis.model.Message;
import com.convosensei.contracts.conversation.HealthBreakdown;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.Severity;
import com.convosensei.processor.alerts.AlertEvent;
import com.convosensei.processor.alerts.AlertPublisher;
import com.convosensei.processor.alerts.AlertSettings;
import com.convosensei.processor.alerts.AlertSettingsRepository;
import com.convosensei.processor.embedding.EmbedPublisher;
import com.convosensei.processor.judge.JudgeService;
import com.convosensei.processor.scoring.ScoringRepository.FailureRow;
import com.convosensei.processor.scoring.ScoringRepository.StoredConversation;
import com.convosensei.processor.scoring.ScoringRepository.StoredMessage;
import com.convosensei.processor.scoring.ScoringRepository.UpsertedFailure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.convosensei.platform.metrics.MetricNames;
import com.convosensei.platform.metrics.MetricsSetup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Scores conversations: read and analyse each, then write everything in ONE transaction per call (per-message
 * sentiment where it changed, failure upserts, the conversation's health/sentiment/failure columns). After the commit:
 * alert events for new failures at or above the configured severity and for a health score crossing below the
 * threshold, an embed request (feature flag), and the optional LLM judge (detached; it can never affect this path).
 */
@ApplicationScoped
public class ScoringService {

    /** Conversations longer than this are analysed on a worker thread instead of the event loop. */
    static final int OFFLOAD_ABOVE_MESSAGES = 60;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Pool pool;
    private final ScoringRepository repository;
    private final AlertSettingsRepository alertSettings;
    private final AlertPublisher alerts;
    private final EmbedPublisher embeddings;
    private final JudgeService judge;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final AnalysisConfig analysisConfig;
    private final int maxMessages;
    private final Timer scored;
    private final Timer missing;
    private final Timer failed;
    private final Timer analysis;

    public ScoringService(Pool pool, ScoringRepository repository, AlertSettingsRepository alertSettings,
                          AlertPublisher alerts, EmbedPublisher embeddings, JudgeService judge, ObjectMapper mapper,
                          Vertx vertx, AnalysisSettings settings, MeterRegistry registry) {
        this.pool = pool;
        this.repository = repository;
        this.alertSettings = alertSettings;
        this.alerts = alerts;
        this.embeddings = embeddings;
        this.judge = judge;
        this.mapper = mapper;
        this.vertx = vertx;
        this.analysisConfig = settings.toAnalysisConfig();
        this.maxMessages = settings.maxMessages();
        this.scored = scoringTimer(registry, "scored");
        this.missing = scoringTimer(registry, "missing");
        this.failed = scoringTimer(registry, "failed");
        this.analysis = Timer.builder(MetricNames.SCORING_ANALYSIS)
                .description("the analysis alone of one conversation").serviceLevelObjectives(MetricsSetup.LATENCY_BUCKETS)
                .register(registry);
    }

    private static Timer scoringTimer(MeterRegistry registry, String outcome) {
        return Timer.builder(MetricNames.SCORING_DURATION).tag(MetricNames.TAG_OUTCOME, outcome)
                .description("one conversation scored: load, analysis, write, commit, publishing")
                .serviceLevelObjectives(MetricsSetup.LATENCY_BUCKETS).register(registry);
    }

    /**
     * What one scoring did ({@code found} false: the conversation no longer exists, nothing was written;
     * {@code uncertain}: the analysis was unsure of some type, see {@code AnalysisResult.uncertain()}).
     */
    public record Outcome(UUID conversationId, boolean found, double health, Double previousHealth,
                          List<UpsertedFailure> failures, int pruned, List<AlertEvent> alerts, boolean uncertain) {
        static Outcome missing(UUID id) {
            return new Outcome(id, false, 0, null, List.of(), 0, List.of(), false);
        }
    }

    /** Scores a conversation after new data (or its end): new failures and a health crossing raise alerts. */
    public Uni<Outcome> score(UUID conversationId) {
        return score(conversationId, true);
    }

    /**
     * @param alertNew false for a re-score of history ({@code scripts/rescore.sh}): failures it finds for the first
     *                 time and a health crossing are about conversations that may be months old, so they raise no
     *                 alert; alerts an earlier scoring still owes are published either way
     */
    public Uni<Outcome> score(UUID conversationId, boolean alertNew) {
        return scoreAll(Map.of(conversationId, alertNew)).map(outcomes -> outcomes.get(0));
    }

    /**
     * Scores several conversations and writes them in ONE transaction (one commit instead of one each: on a busy box
     * the commits' WAL flushes were the scoring's largest cost). Each is read and analysed first, without a lock; the
     * transaction then locks them one by one in {@link com.convosensei.processor.ingest.ConversationLockOrder} (the
     * order ingest locks in) and re-reads and re-analyses only those written since ({@link
     * ScoringRepository#lockVersion}), so no row lock is held through an analysis. One outcome per id, in lock order,
     * missing ones last. If any of them fails, none is written; the stream consumer then retries the entries one by one.
     *
     * @param alertNewById each conversation's {@code alertNew} (see {@link #score(UUID, boolean)})
     */
    public Uni<List<Outcome>> scoreAll(Map<UUID, Boolean> alertNewById) {
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            List<UUID> ids = new ArrayList<>(alertNewById.keySet());
            // read and analyse without locks: ingest keeps writing these rows meanwhile
            Uni<Map<UUID, Analysed>> analysed = Multi.createFrom().iterable(ids)
                    .onItem().transformToUniAndConcatenate(id -> repository.load(pool, id, maxMessages, false)
                            .chain(stored -> stored == null ? Uni.createFrom().nullItem()
                                    : analyze(stored).map(result -> new Analysed(stored, result))))
                    .collect().asMap(a -> a.stored().id());
            return alertSettings.current()
                    .chain(settings -> analysed.chain(prepared -> pool.withTransaction(conn -> repository
                            .inLockOrder(conn, List.copyOf(prepared.keySet()))
                            .chain(ordered -> Multi.createFrom().iterable(ordered)
                                    .onItem().transformToUniAndConcatenate(id -> writeIn(conn, prepared.get(id),
                                            alertNewById.get(id), settings))
                                    .collect().asList()))))
                    .map(outcomes -> {
                        List<Outcome> all = new ArrayList<>(outcomes);
                        ids.stream().filter(id -> outcomes.stream().noneMatch(o -> o.conversationId().equals(id)))
                                .forEach(id -> all.add(Outcome.missing(id)));
                        // each conversation's share of the call: load, analysis, write, and the one commit
                        long each = (System.nanoTime() - started) / Math.max(1, all.size());
                        all.forEach(o -> (o.found() ? scored : missing).record(each, TimeUnit.NANOSECONDS));
                        return all;
                    })
                    .onFailure().invoke(e -> failed.record(System.nanoTime() - started, TimeUnit.NANOSECONDS))
                    .call(this::afterCommit);
        });
    }

    /** A conversation as read without a lock, and its analysis. */
    private record Analysed(StoredConversation stored, AnalysisResult result) {
    }

    /**
     * Locks the row; if nothing wrote it since it was read, writes the analysis made from that read, otherwise reads
     * it again under the lock and analyses it again.
     */
    private Uni<Outcome> writeIn(io.vertx.mutiny.sqlclient.SqlConnection conn, Analysed analysed, boolean alertNew,
                                 AlertSettings settings) {
        UUID id = analysed.stored().id();
        return repository.lockVersion(conn, id).chain(version -> {
            if (version == null) { // deleted since it was read
                return Uni.createFrom().item(Outcome.missing(id));
            }
            if (version.equals(analysed.stored().version())) {
                return write(conn, analysed.stored(), analysed.result(), settings, alertNew);
            }
            return repository.load(conn, id, maxMessages, true).chain(stored -> stored == null
                    ? Uni.createFrom().item(Outcome.missing(id))
                    : analyze(stored).chain(result -> write(conn, stored, result, settings, alertNew)));
        });
    }

    private Uni<AnalysisResult> analyze(StoredConversation stored) {
        Conversation conversation = toConversation(stored);
        if (stored.messages().size() <= OFFLOAD_ABOVE_MESSAGES) {
            return Uni.createFrom().item(() -> analysis.record(() -> ConversationAnalyzer.analyze(conversation, analysisConfig)));
        }
        // long threads cost real CPU (pairwise similarity); keep the event loop free for the other consumers
        return vertx.executeBlocking(Uni.createFrom().item(
                () -> analysis.record(() -> ConversationAnalyzer.analyze(conversation, analysisConfig))), false);
    }

    private Uni<Outcome> write(io.vertx.mutiny.sqlclient.SqlConnection conn, StoredConversation stored,
                               AnalysisResult result, AlertSettings settings, boolean alertNew) {
        UUID id = stored.id();
        List<StoredMessage> messages = stored.messages();
        Long[] messageIds = new Long[messages.size()];
        Double[] sentiment = new Double[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            messageIds[i] = messages.get(i).id();
            sentiment[i] = StoredSentiment.of(messages.get(i).role(),
                    i < result.sentimentPerMessage().size() ? result.sentimentPerMessage().get(i) : null);
        }
        List<FailureRow> failures = failureRows(result.findings(), severity -> alertNew && settings.alertsOn(severity));
        Map<String, Finding> byKey = new LinkedHashMap<>();
        result.findings().forEach(f -> byKey.putIfAbsent(f.type().wire() + "|" + f.fingerprint(), f));
        HealthBreakdown health = result.health();
        double score = Math.max(0, Math.min(100, health.score()));
        boolean any = !messages.isEmpty();
        ScoringRepository.Score row = new ScoringRepository.Score(score, json(health), health.version(),
                any ? result.sentiment().avg() : null, any ? result.sentiment().min() : null,
                any ? result.sentiment().last() : null, any ? result.sentiment().trend() : null);

        boolean crossed = alertNew && settings.healthCrossedBelow(stored.healthScore(), score);
        return repository.write(conn, id, messageIds, sentiment, failures, row, crossed)
                .map(written -> new Outcome(id, true, score, stored.healthScore(), written.failures(), written.pruned(),
                        alertEvents(id, written, byKey, score, stored.healthScore(), health, settings),
                        !result.uncertain().isEmpty()));
    }

    private Uni<Void> afterCommit(List<Outcome> outcomes) {
        List<Outcome> found = outcomes.stream().filter(Outcome::found).toList();
        if (found.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        found.forEach(o -> judge.judgeLater(o.conversationId(), o.uncertain()));
        // failures keep alert_pending until their alert event is on the stream: a publish that fails here is
        // repeated by the next scoring of the conversation (the alerts consumer dedupes), so no alert is lost
        List<AlertEvent> events = found.stream().flatMap(o -> o.alerts().stream()).toList();
        List<UUID> pending = found.stream().flatMap(o -> o.failures().stream())
                .filter(UpsertedFailure::alertPending).map(UpsertedFailure::id).toList();
        List<UUID> healthAlerts = found.stream()
                .filter(o -> o.alerts().stream().anyMatch(e -> AlertEvent.KIND_HEALTH.equals(e.kind())))
                .map(Outcome::conversationId).toList();
        return alerts.publish(events)
                .chain(() -> repository.clearAlertPending(pool, pending, healthAlerts))
                .chain(() -> Multi.createFrom().iterable(found)
                        .onItem().transformToUniAndConcatenate(o -> embeddings.publish(o.conversationId()))
                        .collect().last().replaceWithVoid())
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).atMost(3)
                .onFailure().invoke(e -> Log.errorf(e, "%d conversation(s) scored, but publishing their follow-ups failed",
                        found.size()));
    }

    private static List<AlertEvent> alertEvents(UUID id, ScoringRepository.WriteResult written, Map<String, Finding> findings,
                                                double score, Double previous, HealthBreakdown health,
                                                AlertSettings settings) {
        List<AlertEvent> events = new ArrayList<>();
        for (UpsertedFailure f : written.failures()) {
            Severity severity = Severity.fromWire(f.severity()).orElse(Severity.LOW);
            if (!f.alertPending() || !settings.alertsOn(severity)) {
                continue;
            }
            Finding finding = findings.get(f.type() + "|" + f.fingerprint());
            String excerpt = finding == null ? null : finding.evidence().stream().map(Evidence::excerpt)
                    .filter(e -> e != null && !e.isBlank()).findFirst().orElse(null);
            events.add(AlertEvent.failure(id, f.id(), f.type(), f.severity(),
                    finding == null ? 1.0 : finding.confidence(), finding == null ? null : finding.explanation(),
                    excerpt, score));
        }
        // pending since the scoring that saw the crossing, until its event is on the stream
        if (written.healthAlertPending()) {
            events.add(AlertEvent.health(id, score, previous, settings.healthBelow(), health.summary()));
        }
        return events;
    }

    /**
     * One row per (type, fingerprint): an upsert cannot touch the same row twice in one statement.
     * {@code alertIfNew}: whether a failure of that severity, if it is new, is due an alert.
     */
    private List<FailureRow> failureRows(List<Finding> findings, Predicate<Severity> alertIfNew) {
        Map<String, FailureRow> rows = new LinkedHashMap<>();
        for (Finding f : findings) {
            String key = f.type().wire() + "|" + f.fingerprint();
            FailureRow row = new FailureRow(f.type().wire(), f.severity().wire(), f.confidence(), f.fingerprint(),
                    f.explanation() == null ? f.type().wire() : f.explanation(), json(f.evidence()),
                    alertIfNew.test(f.severity()));
            rows.merge(key, row, (a, b) -> Severity.fromWire(b.severity()).orElseThrow()
                    .compareTo(Severity.fromWire(a.severity()).orElseThrow()) > 0 ? b : a);
        }
        return new ArrayList<>(rows.values());
    }

    private Conversation toConversation(StoredConversation stored) {
        List<Message> messages = new ArrayList<>(stored.messages().size());
        for (int i = 0; i < stored.messages().size(); i++) {
            StoredMessage m = stored.messages().get(i);
            String id = m.externalId() != null ? m.externalId() : Long.toString(m.id());
            messages.add(new Message(id, i, m.role(), m.content(), m.sentAt(), m.latencyMs(), map(m.metadataJson())));
        }
        List<Feedback> feedback = stored.feedback().stream().map(f -> new Feedback(f.messageExternalId(), f.polarity(),
                f.kind(), f.value(), f.comment(), f.givenAt())).toList();
        return new Conversation(stored.id().toString(), stored.ended(), stored.lastActivityAt(), messages,
                map(stored.metadataJson()), feedback);
    }

    private Map<String, Object> map(String json) {
        if (json == null || json.isEmpty() || "{}".equals(json)) {
            return Map.of();
        }
        try {
            return mapper.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
