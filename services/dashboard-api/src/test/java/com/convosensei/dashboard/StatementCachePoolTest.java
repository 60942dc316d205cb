package com.convosensei.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The analytics statements are longer than Vert.x's default cache limit (2,048 characters): the pool keeps them
 * prepared anyway, so a page's second request is neither parsed nor described again on that connection.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class StatementCachePoolTest {

    @Inject
    Pool pool;

    @Test
    void aStatementLongerThanTheDefaultLimit__staysPreparedOnItsConnection() {
        // 6,000 characters, as long as the 30-day summary's text
        String statement = "select $1::int + 1 as n /* " + "x".repeat(6_000) + " */";
        Long prepared = pool.withConnection(c -> c.preparedQuery(statement).execute(Tuple.of(1))
                        .chain(() -> c.preparedQuery(statement).execute(Tuple.of(2)))
                        .chain(() -> c.preparedQuery("select count(*) as n from pg_prepared_statements where statement = $1")
                                .execute(Tuple.of(statement))))
                .map(rows -> rows.iterator().next().getLong("n"))
                .await().atMost(Duration.ofSeconds(10));
        assertThat(prepared).as("the long statement is prepared by name on the connection").isEqualTo(1L);
    }
}
