package com.convosensei.dashboard;

import static com.convosensei.dashboard.Api.api;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analytics endpoints read whole hours from the rollups and the partial hours at the cuts raw; a metadata tag in
 * the scope makes them read every row raw. Every conversation here carries the tag {@code all:yes}, so both readings
 * must give the same answer, byte for byte, for periods that start and end off the hour, cross days, and while part
 * of the figures is compacted and part still in the deltas. (AnalyticsRollupsTest in libs/db checks the rollups
 * themselves against the raw tables.)
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class AnalyticsRollupReadTest {

    private static final String[] TYPES = {"user_frustration", "agent_refusal", "abandonment"};
    private static final String[] STATUSES = {"open", "ack", "resolved", "false_positive"};

    @BeforeEach
    void clean() {
        TestDb.truncate();
    }

    @Test
    void rollupAnswers__equalTheRawAnswers_forPeriodsOffTheHour() {
        Random random = new Random(12);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        seed(random, now, 90);
        TestDb.DB.exec("select sensei_private.compact_analytics_rollups()");
        seed(random, now, 40); // these stay in the deltas
        TestDb.DB.exec("update conversations set health_score = 15 where external_id like 'c-1%'"); // re-scoring

        assertThat(TestDb.DB.count("select count(*) from conversation_rollups")).isPositive();
        assertThat(TestDb.DB.count("select count(*) from conversation_rollup_deltas")).isPositive();
        List<Map<String, String>> periods = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Instant to = now.minus(random.nextInt(20 * 60), ChronoUnit.MINUTES).minusSeconds(random.nextInt(60));
            Duration length = i % 2 == 0 ? Duration.ofHours(1 + random.nextInt(40))
                    : Duration.ofMinutes(30 + random.nextInt(60 * 40));
            periods.add(Map.of("from", to.minus(length).toString(), "to", to.toString()));
        }
        // the presets' shapes (a timeframe ends at the request's own now, which two requests cannot share)
        periods.add(Map.of("from", now.minus(1, ChronoUnit.DAYS).toString(), "to", now.toString()));
        periods.add(Map.of("from", now.minus(7, ChronoUnit.DAYS).toString(), "to", now.toString()));
        for (Map<String, String> period : periods) {
            for (String env : new String[] {null, "production"}) {
                for (String path : new String[] {"/api/v1/analytics/summary", "/api/v1/analytics/health-distribution",
                        "/api/v1/analytics/failures/trends", "/api/v1/analytics/timeseries"}) {
                    Map<String, String> params = new LinkedHashMap<>(period);
                    if (env != null) {
                        params.put("environment", env);
                    }
                    String fromRollups = get(path, params);
                    params.put("tag", "all:yes");
                    String raw = get(path, params);
                    assertThat(fromRollups).as(path + " " + params).isEqualTo(raw);
                }
            }
        }
    }

    private static String get(String path, Map<String, String> params) {
        return api().queryParams(params).get(path).then().statusCode(200).extract().asString();
    }

    private static void seed(Random random, Instant now, int conversations) {
        for (int i = 0; i < conversations; i++) {
            Instant activity = now.minus(random.nextInt(60 * 24 * 9), ChronoUnit.MINUTES).minusSeconds(random.nextInt(60));
            String type = TYPES[random.nextInt(TYPES.length)];
            TestDb.ConversationSeed seed = TestDb.conversation("c-" + UUID.randomUUID())
                    .env(random.nextInt(4) == 0 ? "staging" : "production").activity(activity)
                    .metadata("{\"all\":\"yes\"}")
                    .health(random.nextInt(6) == 0 ? null : random.nextInt(10001) / 100.0);
            if (random.nextInt(3) == 0) {
                seed.failing(type);
            }
            UUID id = seed.insert();
            for (int m = random.nextInt(4); m > 0; m--) {
                TestDb.message(id, "user", "m" + m, activity.minus(random.nextInt(600), ChronoUnit.MINUTES));
            }
            if (random.nextInt(3) == 0) {
                TestDb.failure(id, type, "high", STATUSES[random.nextInt(STATUSES.length)],
                        activity.minus(random.nextInt(300), ChronoUnit.MINUTES));
            }
            if (random.nextInt(4) == 0) {
                String external = TestDb.DB.value("select external_id from conversations where id = ?", id).toString();
                String environment = TestDb.DB.value("select environment from conversations where id = ?", id).toString();
                TestDb.feedback(environment, external, null, "u", "thumbs", random.nextBoolean() ? 1 : -1, null, activity);
            }
        }
    }
}
