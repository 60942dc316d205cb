package com.convosensei.processor.patterns;

import com.convosensei.analysis.cluster.ClusterInput;
import com.convosensei.analysis.cluster.ClusteringConfig;
import com.convosensei.analysis.cluster.GrowthMatcher;
import com.convosensei.analysis.cluster.PatternAnalyzer;
import com.convosensei.analysis.cluster.PatternCluster;
import com.convosensei.analysis.cluster.PatternResult;
import com.convosensei.analysis.cluster.PatternTitle;
import com.convosensei.analysis.embedding.TextEmbedder;
import com.convosensei.analysis.learned.StaticEmbedder;
import com.convosensei.processor.embedding.EmbeddingService;
import com.convosensei.processor.patterns.PatternRunRepository.ConversationRow;
import com.convosensei.processor.patterns.PatternRunRepository.Member;
import com.convosensei.processor.patterns.PatternRunRepository.NewPattern;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one pattern analysis. One run at a time across replicas: the partial unique index on {@code pattern_runs}
 * admits one queued/running row, and the executing processor holds a session advisory lock on its own connection
 * for the whole run (so a redelivered request, or a second replica, cannot run it twice). Steps, each reported on
 * the run row ({@code progress}, {@code stage}): load the window's conversations (of the run's environment, or all
 * when it has none) with their user text, embed
 * (stored remote embeddings when they cover the window, else the local sentence embedder), cluster
 * (k by silhouette), label and measure, compare with the previous successful run, then write patterns, memberships
 * and "succeeded" in one transaction. Any failure marks the run failed with the error.
 */
@ApplicationScoped
public class PatternAnalysisService {

    /** How a request for a run ended. */
    public enum Outcome { SUCCEEDED, FAILED, ALREADY_FINISHED, RUNNING_ELSEWHERE, NOT_FOUND }

    private static final int EMBED_CHUNK = 2000;
    private static final int STORED_PAGE = 1000;

    private final PatternRunRepository runs;
    private final PatternsConfig config;
    private final EmbeddingService embeddings;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final Pool pool;

    public PatternAnalysisService(PatternRunRepository runs, PatternsConfig config, EmbeddingService embeddings,
                                  ObjectMapper mapper, Vertx vertx) {
        this.runs = runs;
        this.config = config;
        this.embeddings = embeddings;
        this.mapper = mapper;
        this.vertx = vertx;
        this.pool = runs.pool();
    }

    /**
     * Executes run {@code runId} if it is still queued (or was left running by a processor that died). Fails with
     * {@link PatternRunBusyException} when the run is queued but the run lock is momentarily held elsewhere.
     */
    public Uni<Outcome> run(UUID runId) {
        return pool.getConnection().chain(conn -> runs.tryLock(conn)
                .chain(locked -> locked
                        ? runLocked(conn, runId).eventually(() -> runs.unlock(conn).onFailure().recoverWithNull())
                        : notLocked(conn, runId))
                .eventually(conn::close));
    }

    private Uni<Outcome> notLocked(SqlConnection conn, UUID runId) {
        return runs.find(conn, runId).map(row -> {
            if (row == null) {
                return Outcome.NOT_FOUND;
            }
            return switch (row.status()) {
                case "running" -> Outcome.RUNNING_ELSEWHERE; // the lock holder is executing it
                case "queued" -> throw new PatternRunBusyException("run lock busy while run " + runId + " is queued");
                default -> Outcome.ALREADY_FINISHED;
            };
        });
    }

    private Uni<Outcome> runLocked(SqlConnection conn, UUID runId) {
        return runs.start(conn, runId).chain(started -> {
            if (!started) {
                return runs.find(conn, runId).map(row -> row == null ? Outcome.NOT_FOUND : Outcome.ALREADY_FINISHED);
            }
            long t0 = System.nanoTime();
            Log.infof("pattern run %s started", runId);
            return runs.find(conn, runId).chain(row -> execute(conn, runId, row == null ? null : row.environment()))
                    .invoke(() -> Log.infof("pattern run %s succeeded in %d ms", runId, (System.nanoTime() - t0) / 1_000_000))
                    .replaceWith(Outcome.SUCCEEDED)
                    .onFailure().recoverWithUni(e -> {
                        Log.errorf(e, "pattern run %s failed", runId);
                        return runs.fail(conn, runId, e.getMessage() == null ? e.toString() : e.getMessage())
                                .replaceWith(Outcome.FAILED);
                    });
        });
    }

    private Uni<Void> execute(SqlConnection conn, UUID runId, String environment) {
        return runs.conversations(conn, config.window(), config.maxConversations(), config.maxTextChars(), environment)
                .chain(rows -> runs.progress(conn, runId, 0.15, "embedding " + rows.size() + " conversations")
                        .chain(() -> vectors(conn, runId, rows))
                        .chain(embedded -> runs.progress(conn, runId, 0.6, "clustering")
                                .chain(() -> blocking(() -> PatternAnalyzer.cluster(inputs(rows), embedded.vectors(),
                                        embedded.model(), clustering())))
                                .chain(result -> runs.progress(conn, runId, 0.85, "comparing with the previous run")
                                        .chain(() -> runs.previousPatterns(conn, runId, environment))
                                        .chain(previous -> {
                                            List<NewPattern> patterns = new ArrayList<>();
                                            List<Member> members = new ArrayList<>();
                                            build(result, previous, rows, embedded.vectors(), patterns, members);
                                            return runs.progress(conn, runId, 0.92, "saving " + patterns.size() + " patterns")
                                                    .chain(() -> runs.complete(conn, runId, patterns, members,
                                                            rows.size(), result.silhouette()));
                                        }))));
    }

    private record Embedded(String model, float[][] vectors) {
    }

    /**
     * Stored vectors of the configured remote model when they cover the window well enough (missing ones are embedded
     * with that model now); otherwise the local sentence embedder on every text (cheaper than reading stored vectors
     * back), in chunks so the run row shows progress. Either way all vectors of a run come from one model.
     */
    private Uni<Embedded> vectors(SqlConnection conn, UUID runId, List<ConversationRow> rows) {
        List<String> texts = rows.stream().map(ConversationRow::text).map(t -> t == null ? "" : t).toList();
        if (embeddings.remote() && !rows.isEmpty()) {
            String model = embeddings.embedder().model();
            long stored = rows.stream().filter(r -> model.equals(r.embeddingModel())).count();
            if (stored >= Math.ceil(config.minStoredCoverage() * rows.size())) {
                return storedVectors(conn, rows, model).chain(found -> {
                    List<Integer> missing = new ArrayList<>();
                    for (int i = 0; i < rows.size(); i++) {
                        if (!found.containsKey(rows.get(i).id())) {
                            missing.add(i);
                        }
                    }
                    TextEmbedder remote = embeddings.embedder();
                    return blocking(() -> remote.embedAll(missing.stream().map(texts::get).toList())).map(extra -> {
                        float[][] vectors = new float[rows.size()][];
                        for (int i = 0; i < rows.size(); i++) {
                            vectors[i] = found.get(rows.get(i).id());
                        }
                        for (int m = 0; m < missing.size(); m++) {
                            vectors[missing.get(m)] = extra.get(m);
                        }
                        return new Embedded(model, vectors);
                    });
                });
            }
        }
        // never stored remote vectors mixed with local ones: the whole window gets the local model's vectors
        TextEmbedder local = StaticEmbedder.shared();
        float[][] vectors = new float[rows.size()][];
        List<Integer> starts = new ArrayList<>();
        for (int s = 0; s < rows.size(); s += EMBED_CHUNK) {
            starts.add(s);
        }
        return Multi.createFrom().iterable(starts)
                .onItem().transformToUniAndConcatenate(start -> blocking(() -> {
                            int end = Math.min(rows.size(), start + EMBED_CHUNK);
                            for (int i = start; i < end; i++) {
                                vectors[i] = local.embed(texts.get(i));
                            }
                            return end;
                        })
                        .call(end -> runs.progress(conn, runId, 0.15 + 0.45 * end / rows.size(),
                                "embedding " + end + "/" + rows.size() + " conversations")))
                .collect().last()
                .map(ignored -> new Embedded(local.model(), vectors));
    }

    private Uni<Map<UUID, float[]>> storedVectors(SqlConnection conn, List<ConversationRow> rows, String model) {
        List<UUID[]> pages = new ArrayList<>();
        for (int s = 0; s < rows.size(); s += STORED_PAGE) {
            pages.add(rows.subList(s, Math.min(rows.size(), s + STORED_PAGE)).stream().map(ConversationRow::id)
                    .toArray(UUID[]::new));
        }
        Map<UUID, float[]> found = new HashMap<>();
        return Multi.createFrom().iterable(pages)
                .onItem().transformToUniAndConcatenate(ids -> runs.embeddings(conn, ids, model))
                .invoke(page -> page.forEach(r -> found.put((UUID) r[0], (float[]) r[1])))
                .collect().last()
                .map(ignored -> found);
    }

    private ClusteringConfig clustering() {
        ClusteringConfig d = ClusteringConfig.defaults();
        return new ClusteringConfig(d.minK(), config.maxClusters(), config.minClusterSize(), d.seed(),
                d.maxIterations(), d.restarts(), d.selectionSample(), d.silhouetteSample(), d.keywords(), d.samples(),
                d.silhouetteTolerance());
    }

    private static List<ClusterInput> inputs(List<ConversationRow> rows) {
        List<ClusterInput> inputs = new ArrayList<>(rows.size());
        for (ConversationRow r : rows) {
            inputs.add(new ClusterInput(r.id().toString(), r.text(), r.healthScore(), new HashSet<>(r.failureTypes())));
        }
        return inputs;
    }

    /** Patterns (with growth against the previous run) and memberships (cosine distance to the centroid). */
    private void build(PatternResult result, List<PatternRunRepository.PreviousPattern> previous,
                       List<ConversationRow> rows, float[][] vectors, List<NewPattern> patterns, List<Member> members) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            index.put(rows.get(i).id().toString(), i);
        }
        List<GrowthMatcher.PreviousPattern> before = previous.stream()
                .map(p -> new GrowthMatcher.PreviousPattern(p.id().toString(), p.label(), p.keywords(), p.size(), null))
                .toList();
        List<GrowthMatcher.Growth> growth = GrowthMatcher.match(result.clusters(), before);
        for (PatternCluster c : result.clusters()) {
            UUID id = UUID.randomUUID();
            GrowthMatcher.Growth g = growth.get(c.index());
            List<String> sampleTexts = c.sampleIds().stream().map(index::get).filter(java.util.Objects::nonNull)
                    .map(i -> rows.get(i).text()).toList();
            // stored label = the title people read, from what the pattern's most typical members open with
            String title = PatternTitle.of(c.keywords(), sampleTexts);
            patterns.add(new NewPattern(id, title, c.keywords(), c.size(), c.avgHealth(), c.failureShare(),
                    json(c.failureBreakdown()), g.previousSize(), g.growth()));
            for (String member : c.memberIds()) {
                Integer i = index.get(member);
                double distance = i == null ? 1 : 1 - cosine(vectors[i], c.centroid());
                members.add(new Member(id, UUID.fromString(member), Math.round(distance * 1e6) / 1e6));
            }
        }
    }

    private <T> Uni<T> blocking(java.util.function.Supplier<T> work) {
        return vertx.executeBlocking(Uni.createFrom().item(work), false);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static double cosine(float[] a, float[] b) {
        if (a == null || b == null || a.length != b.length) {
            return 0;
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
