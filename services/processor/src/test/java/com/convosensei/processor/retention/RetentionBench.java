package com.convosensei.processor.retention;

import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test (skipped unless {@code -Dsensei.bench=true}): how long one retention batch holds its locks,
 * and how fast a backlog goes. Seeds {@code sensei.bench.conversations} expired conversations (10 messages, a failure
 * and an embedding each) in its own database, then deletes them batch by batch as the job does.
 * <pre>
 * mvn -B -q -o test -pl services/processor -am -Dtest=RetentionBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsensei.bench=true \
 *     [-Dsensei.bench.conversations=20000] [-Dsensei.bench.batch=500]
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "db", value = RetentionBench.DB))
@EnabledIfSystemProperty(named = "sensei.bench", matches = "true")
class RetentionBench {

    static final String DB = "sensei_bench_retention";

    @Inject
    RetentionRepository repository;

    @Test
    void batchDurations() throws Exception {
        int n = Integer.getInteger("sensei.bench.conversations", 20000);
        int batch = Integer.getInteger("sensei.bench.batch", 500);
        try (Connection c = PostgresTestResource.connect(DB)) {
            c.createStatement().execute("delete from conversations; delete from retention_settings");
            c.createStatement().execute("insert into conversations (external_id, environment, user_id, last_activity_at)"
                    + " select 'bench-' || g, 'bench', 'u-' || (g % 1000), now() - interval '100 days' from generate_series(1, " + n + ") g");
            c.createStatement().execute("insert into messages (conversation_id, dedup_key, role, content, sent_at)"
                    + " select c.id, 'k' || m, 'user', repeat('some message text ', 10), now() from conversations c, generate_series(1, 10) m");
            c.createStatement().execute("insert into failures (conversation_id, type, severity, confidence, fingerprint, explanation)"
                    + " select id, 'loop', 'high', 0.9, 'fp', 'x' from conversations");
            c.createStatement().execute("insert into conversation_embeddings (conversation_id, model, dimensions, embedding, content_hash)"
                    + " select id, 'm', 4, '{0.1,0.2,0.3,0.4}', 'h' from conversations");
            c.createStatement().execute("insert into retention_settings (environment, days) values ('bench', 30)");
            c.createStatement().execute("analyze");
        }
        RetentionRepository.Policy policy = repository.policies().await().atMost(Duration.ofSeconds(10)).get(0);
        List<Double> millis = new ArrayList<>();
        long deleted = 0;
        long t0 = System.nanoTime();
        while (true) {
            long b0 = System.nanoTime();
            long d = repository.purgeBatch(policy, batch).await().atMost(Duration.ofMinutes(1)).get("conversations");
            millis.add((System.nanoTime() - b0) / 1e6);
            deleted += d;
            if (d < batch) {
                break;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Collections.sort(millis);
        System.out.printf("RETENTION BENCH: %d conversations (x10 messages) in %d batches of %d: %.1f s, %.0f conversations/s;"
                        + " batch transaction p50 %.0f ms, p95 %.0f ms, max %.0f ms%n",
                deleted, millis.size(), batch, seconds, deleted / seconds, millis.get(millis.size() / 2),
                millis.get((int) Math.floor(millis.size() * 0.95)), millis.get(millis.size() - 1));
    }
}
