package com.convosensei.processor.scoring;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.processor.stream.ProcessPublisher;
import com.convosensei.processor.stream.StreamConsumers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test (skipped unless {@code -Dsensei.bench=true}): the process consumer alone against the local
 * PostgreSQL (own database) and a private redis-server. Phase 1 enqueues a burst and reports conversations scored per
 * second; phase 2 enqueues at a
 * steady rate and reports enqueue-to-score-written latency (p50/p95/max). The extra flags undo test-profile settings
 * that production does not have (app_settings read on every scoring, in-memory span export, debug logging).
 * <pre>
 * mvn -B -q -o test -pl services/processor -Dtest=ScoringThroughputBench -Dsensei.bench=true \
 *     -Dsensei.alerts.settings-cache-ttl=5s -Dquarkus.otel.traces.exporter=none \
 *     -Dquarkus.log.category.\"com.convosensei\".level=INFO \
 *     [-Dsensei.bench.burst=2000] [-Dsensei.bench.rate=100] [-Dsensei.bench.seconds=10]
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "db", value = ScoringThroughputBench.DB))
@QuarkusTestResource(value = BenchRedisResource.class, restrictToAnnotatedClass = true)
@EnabledIfSystemProperty(named = "sensei.bench", matches = "true")
class ScoringThroughputBench {

    /** Its own database and redis-server: a module test run at the same time truncates the test database. */
    static final String DB = "sensei_bench_processor";

    @Inject
    ProcessPublisher publisher;
    @Inject
    StreamConsumers consumers;

    @Test
    void scoringThroughputAndLatency() throws Exception {
        int burst = Integer.getInteger("sensei.bench.burst", 2000);
        int rate = Integer.getInteger("sensei.bench.rate", 100);
        int seconds = Integer.getInteger("sensei.bench.seconds", 10);
        TestDb.DB.switchTo(DB);
        TestDb.reset();
        List<UUID> burstIds = seed("bench-burst", burst);
        List<UUID> steadyIds = seed("bench-steady", rate * seconds);
        consumers.start("process");
        try {
            // phase 1: burst
            long t0 = System.nanoTime();
            for (int i = 0; i < burstIds.size(); i += 500) {
                publisher.request(burstIds.subList(i, Math.min(burstIds.size(), i + 500)), "bench").await().indefinitely();
            }
            TestDb.await(Duration.ofMinutes(10), "burst scored", () -> scored("bench-burst-%") == burst);
            double burstSeconds = (System.nanoTime() - t0) / 1e9;

            // phase 2: steady rate
            Map<UUID, Instant> enqueuedAt = new HashMap<>();
            long start = System.nanoTime();
            for (int i = 0; i < steadyIds.size(); i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                UUID id = steadyIds.get(i);
                enqueuedAt.put(id, Instant.now());
                publisher.request(id, "bench").await().indefinitely();
            }
            TestDb.await(Duration.ofMinutes(5), "steady phase scored", () -> scored("bench-steady-%") == steadyIds.size());
            List<Double> latencies = new ArrayList<>();
            for (Map<String, Object> r : TestDb.DB.rows("select id, scored_at from conversations where external_id like 'bench-steady-%'")) {
                Instant scoredAt = ((Timestamp) r.get("scored_at")).toInstant();
                latencies.add(Duration.between(enqueuedAt.get((UUID) r.get("id")), scoredAt).toNanos() / 1e6);
            }
            Collections.sort(latencies);
            System.out.printf("%nBENCH process consumer: burst of %d scored in %.2f s = %.0f conversations/s%n",
                    burst, burstSeconds, burst / burstSeconds);
            System.out.printf("BENCH steady %d/s for %d s: enqueue -> score committed p50 %.0f ms, p95 %.0f ms, max %.0f ms%n%n",
                    rate, seconds, pct(latencies, 50), pct(latencies, 95), latencies.get(latencies.size() - 1));
        } finally {
            consumers.stop("process");
            TestDb.reset();
            TestDb.DB.switchTo(TestDb.NAME);
        }
    }

    /** N conversations of six messages (frustration, a refusal, a slow reply in a third of them). */
    private static List<UUID> seed(String prefix, int n) {
        TestDb.DB.exec("""
                insert into conversations (external_id, environment, message_count,
                                           first_message_at, last_message_at, last_activity_at)
                select ? || '-' || g, 'bench', 6, now() - interval '6 minutes', now(), now() from generate_series(1, ?) g""",
                prefix, n);
        TestDb.DB.exec("""
                insert into messages (conversation_id, dedup_key, role, content, sent_at, latency_ms)
                select c.id, 'm' || k, case when k % 2 = 1 then 'user' else 'assistant' end,
                       case k when 1 then 'Hi, I was charged twice for my subscription this month'
                              when 2 then 'I am sorry about that. Let me look at your billing history.'
                              when 3 then 'That did not help, this is really frustrating'
                              when 4 then 'I cannot help with that request.'
                              when 5 then 'Can I talk to a human please?'
                              else 'Sure, I am transferring you to an agent now.' end,
                       now() - make_interval(mins => 6 - k),
                       case when k % 2 = 0 then (case when hashtext(c.external_id) % 3 = 0 then 14000 else 900 end) end
                from conversations c cross join generate_series(1, 6) k where c.external_id like ? || '-%'""",
                prefix);
        List<UUID> ids = new ArrayList<>();
        TestDb.DB.rows("select id from conversations where external_id like ? || '-%' order by external_id", prefix)
                .forEach(r -> ids.add((UUID) r.get("id")));
        return ids;
    }

    private static long scored(String like) {
        return (Long) TestDb.DB.value("select count(*) from conversations where external_id like ? and scored_at is not null", like);
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
