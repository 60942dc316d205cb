package com.convosensei.dashboard.repository;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.ListCount;
import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fallbacks of {@link ListCounter}: the planner answers when counting is too slow. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = "sensei_test_dashboard"))
class ListCounterTest {

    @Inject
    Pool pool;

    @Test
    void count__slowerThanTheTimeout__answersWithThePlannersEstimate() {
        TestDatabase db = new TestDatabase("sensei_test_dashboard");
        db.exec("truncate conversations, pattern_runs, feedback cascade");
        db.exec("insert into conversations (external_id, last_activity_at) select 'slow-' || i, now() from generate_series(1, 50) i");
        // pg_sleep per row makes the capped count outlast a 20 ms timeout
        ListCount count = ListCounter.count(pool, "from conversations c where pg_sleep(0.01) is not null", Tuple.tuple(),
                10000, Duration.ofMillis(20)).await().atMost(Duration.ofSeconds(10));
        assertThat(count.exact()).isFalse();
        assertThat(count.method()).isEqualTo(ListCount.ESTIMATE);
        assertThat(count.count()).isGreaterThanOrEqualTo(0);

        // the timeout was local to the count's transaction: the pool's connections count normally afterwards
        ListCount fast = ListCounter.count(pool, "from conversations c where true", Tuple.tuple(), 10000,
                Duration.ofSeconds(5)).await().atMost(Duration.ofSeconds(10));
        assertThat(fast).isEqualTo(new ListCount(50, true, ListCount.EXACT, 10000));
        db.exec("truncate conversations, pattern_runs, feedback cascade");
    }
}
