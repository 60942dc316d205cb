package com.convosensei.processor.patterns;

import com.convosensei.processor.embedding.ConversationText;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SQL of pattern runs. A run works on one dedicated connection that holds the session advisory lock
 * {@link #RUN_LOCK} for the whole run; progress updates, reads and the final write all go through it, one at a time.
 */
@ApplicationScoped
public class PatternRunRepository {

    /** pg advisory lock key held while a pattern run executes (arbitrary constant). */
    static final long RUN_LOCK = 0x5E45E1BA77E7L;

    private final Pool pool;

    public PatternRunRepository(Pool pool) {
        this.pool = pool;
    }

    /** {@code environment} null: the run covers every environment. */
    public record RunRow(UUID id, String status, String trigger, String environment) {
    }

    /** One conversation as the pattern run sees it (its stored embedding, if any, is read separately). */
    public record ConversationRow(UUID id, String text, Double healthScore, boolean hasFailures,
                                  List<String> failureTypes, String embeddingModel) {
    }

    /** A previous run's pattern, for growth matching. */
    public record PreviousPattern(UUID id, String label, List<String> keywords, int size) {
    }

    /** A pattern to write; {@code keywordsJson} is a JSON array of strings. */
    public record NewPattern(UUID id, String label, List<String> keywords, int size, Double avgHealth,
                             double failureShare, String failureBreakdownJson, Integer previousSize, Double growth) {
    }

    public record Member(UUID patternId, UUID conversationId, double distance) {
    }

    public Pool pool() {
        return pool;
    }

    /**
     * Queues a scheduled run; null when a run is already queued or running (the partial unique index
     * {@code pattern_runs_single_active_idx} refuses a second one).
     */
    public Uni<UUID> insertScheduled() {
        return pool.query("""
                        insert into pattern_runs (trigger, requested_by, status) values ('scheduled', 'schedule', 'queued')
                        on conflict do nothing returning id""")
                .execute()
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID("id") : null);
    }

    public Uni<Boolean> tryLock(SqlConnection conn) {
        return conn.preparedQuery("select pg_try_advisory_lock($1) as locked").execute(Tuple.of(RUN_LOCK))
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }

    public Uni<Void> unlock(SqlConnection conn) {
        return conn.preparedQuery("select pg_advisory_unlock($1)").execute(Tuple.of(RUN_LOCK)).replaceWithVoid();
    }

    public Uni<RunRow> find(SqlConnection conn, UUID runId) {
        return conn.preparedQuery("select id, status, trigger, environment from pattern_runs where id = $1").execute(Tuple.of(runId))
                .map(rows -> rows.iterator().hasNext() ? run(rows.iterator().next()) : null);
    }

    /** queued (or running, when taking over a run whose processor died) -> running. False when already finished. */
    public Uni<Boolean> start(SqlConnection conn, UUID runId) {
        return conn.preparedQuery("""
                        update pattern_runs set status = 'running', started_at = now(), progress = 0.01,
                                                stage = 'loading conversations', error = null
                        where id = $1 and status in ('queued', 'running')""")
                .execute(Tuple.of(runId))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> progress(SqlConnection conn, UUID runId, double progress, String stage) {
        return conn.preparedQuery("update pattern_runs set progress = $2, stage = $3 where id = $1 and status = 'running'")
                .execute(Tuple.of(runId, Math.max(0, Math.min(1, progress)), stage))
                .replaceWithVoid();
    }

    /** The conversations of the window (of one environment, or all when null), newest activity first, at most {@code cap}. */
    public Uni<List<ConversationRow>> conversations(SqlConnection conn, Duration window, int cap, int maxChars,
                                                    String environment) {
        return conn.preparedQuery("select c.id, c.health_score, c.has_failures, c.failure_types, e.model as embedding_model, "
                        + ConversationText.sql("$3") + " as text "
                        + "from conversations c left join conversation_embeddings e on e.conversation_id = c.id "
                        + "where c.last_activity_at >= now() - make_interval(secs => $1) and c.message_count > 0 "
                        + "and ($4::text is null or c.environment = $4) "
                        + "order by c.last_activity_at desc limit $2")
                .execute(Tuple.of((double) window.toSeconds(), cap, maxChars, environment))
                .map(rows -> {
                    List<ConversationRow> out = new ArrayList<>(rows.rowCount());
                    for (Row r : rows) {
                        String[] types = r.getArrayOfStrings("failure_types");
                        out.add(new ConversationRow(r.getUUID("id"), r.getString("text"), r.getDouble("health_score"),
                                Boolean.TRUE.equals(r.getBoolean("has_failures")),
                                types == null ? List.of() : List.of(types), r.getString("embedding_model")));
                    }
                    return out;
                });
    }

    /** Stored embeddings of these conversations for one model (read in pages by the caller). */
    public Uni<List<Object[]>> embeddings(SqlConnection conn, UUID[] ids, String model) {
        return conn.preparedQuery("select conversation_id, embedding from conversation_embeddings "
                        + "where conversation_id = any($1) and model = $2")
                .execute(Tuple.of(ids, model))
                .map(rows -> {
                    List<Object[]> out = new ArrayList<>(rows.rowCount());
                    for (Row r : rows) {
                        Float[] boxed = r.getArrayOfFloats("embedding");
                        float[] v = new float[boxed.length];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = boxed[i] == null ? 0f : boxed[i];
                        }
                        out.add(new Object[] {r.getUUID("conversation_id"), v});
                    }
                    return out;
                });
    }

    /** The patterns of the latest succeeded run of the same environment scope (for growth). */
    public Uni<List<PreviousPattern>> previousPatterns(SqlConnection conn, UUID excludingRun, String environment) {
        return conn.preparedQuery("""
                        select p.id, p.label, p.keywords, p.size from usage_patterns p
                        where p.run_id = (select r.id from pattern_runs r
                                          where r.status = 'succeeded' and r.id <> $1
                                            and r.environment is not distinct from $2::text
                                          order by r.finished_at desc nulls last, r.created_at desc limit 1)""")
                .execute(Tuple.of(excludingRun, environment))
                .map(rows -> {
                    List<PreviousPattern> out = new ArrayList<>();
                    for (Row r : rows) {
                        String[] kw = r.getArrayOfStrings("keywords");
                        out.add(new PreviousPattern(r.getUUID("id"), r.getString("label"),
                                kw == null ? List.of() : List.of(kw), r.getInteger("size")));
                    }
                    return out;
                });
    }

    /**
     * Writes the run's patterns and memberships and marks it succeeded, in one transaction on the run's connection:
     * the dashboard sees all of the new run or none of it.
     */
    public Uni<Void> complete(SqlConnection conn, UUID runId, List<NewPattern> patterns, List<Member> members,
                              int conversationCount, Double silhouette) {
        return conn.begin().chain(tx -> insertPatterns(conn, runId, patterns)
                .chain(() -> insertMembers(conn, members))
                .chain(() -> conn.preparedQuery("""
                                update pattern_runs set status = 'succeeded', progress = 1, stage = 'done',
                                                        conversation_count = $2, cluster_count = $3, silhouette = $4,
                                                        finished_at = now(), error = null
                                where id = $1""")
                        .execute(Tuple.of(runId, conversationCount, patterns.size(), silhouette)))
                .chain(() -> tx.commit())
                .onFailure().call(e -> tx.rollback().onFailure().recoverWithNull()));
    }

    private Uni<Void> insertPatterns(SqlConnection conn, UUID runId, List<NewPattern> patterns) {
        if (patterns.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = patterns.size();
        UUID[] ids = new UUID[n];
        String[] labels = new String[n];
        String[] keywords = new String[n];
        Integer[] sizes = new Integer[n];
        Double[] health = new Double[n];
        Double[] share = new Double[n];
        String[] breakdown = new String[n];
        Integer[] previous = new Integer[n];
        Double[] growth = new Double[n];
        for (int i = 0; i < n; i++) {
            NewPattern p = patterns.get(i);
            ids[i] = p.id();
            labels[i] = p.label();
            keywords[i] = new io.vertx.core.json.JsonArray(new ArrayList<Object>(p.keywords())).encode();
            sizes[i] = p.size();
            health[i] = p.avgHealth();
            share[i] = p.failureShare();
            breakdown[i] = p.failureBreakdownJson();
            previous[i] = p.previousSize();
            growth[i] = p.growth();
        }
        // text[] per row cannot go through unnest (it flattens 2-D arrays): keywords travel as JSON arrays
        return conn.preparedQuery("""
                        insert into usage_patterns (id, run_id, label, keywords, size, avg_health, failure_share,
                                                    failure_breakdown, previous_size, growth)
                        select u.id, $1, u.label, array(select jsonb_array_elements_text(u.keywords::jsonb)), u.size,
                               u.avg_health, u.failure_share, u.breakdown::jsonb, u.previous_size, u.growth
                        from unnest($2::uuid[], $3::text[], $4::text[], $5::int[], $6::float8[], $7::float8[],
                                    $8::text[], $9::int[], $10::float8[])
                             as u(id, label, keywords, size, avg_health, failure_share, breakdown, previous_size, growth)""")
                .execute(Tuple.from(new Object[] {runId, ids, labels, keywords, sizes, health, share, breakdown,
                        previous, growth}))
                .replaceWithVoid();
    }

    private Uni<Void> insertMembers(SqlConnection conn, List<Member> members) {
        if (members.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = members.size();
        UUID[] patterns = new UUID[n];
        UUID[] conversations = new UUID[n];
        Double[] distances = new Double[n];
        for (int i = 0; i < n; i++) {
            patterns[i] = members.get(i).patternId();
            conversations[i] = members.get(i).conversationId();
            distances[i] = members.get(i).distance();
        }
        return conn.preparedQuery("""
                        insert into pattern_conversations (pattern_id, conversation_id, distance)
                        select u.p, u.c, u.d from unnest($1::uuid[], $2::uuid[], $3::float8[]) as u(p, c, d)
                        where exists (select 1 from conversations x where x.id = u.c)""")
                .execute(Tuple.of(patterns, conversations, distances))
                .replaceWithVoid();
    }

    public Uni<Void> fail(SqlConnection conn, UUID runId, String error) {
        return conn.preparedQuery("""
                        update pattern_runs set status = 'failed', error = $2, finished_at = now()
                        where id = $1 and status in ('queued', 'running')""")
                .execute(Tuple.of(runId, error == null ? "unknown error" : cut(error, 2000)))
                .replaceWithVoid();
    }

    /** Active rows (queued or running) with their age in seconds, for the reaper. */
    public Uni<List<Object[]>> active(SqlConnection conn) {
        return conn.query("""
                        select id, status, extract(epoch from now() - coalesce(started_at, created_at))::float8 as age
                        from pattern_runs where status in ('queued', 'running')""")
                .execute()
                .map(rows -> {
                    List<Object[]> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Object[] {r.getUUID("id"), r.getString("status"), r.getDouble("age")});
                    }
                    return out;
                });
    }

    private static RunRow run(Row r) {
        return new RunRow(r.getUUID("id"), r.getString("status"), r.getString("trigger"), r.getString("environment"));
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
