package com.convosensei.processor.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.processor.scoring.TestDb;
import com.convosensei.processor.scoring.TestDb.Msg;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The compactor folds the deltas the V19 triggers append into the rollups, and one replica at a time does it. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class RollupCompactorTest {

    @Inject
    RollupCompactor compactor;

    @BeforeEach
    void clean() {
        TestDb.reset();
    }

    @Test
    void compactOnce__foldsEveryDelta_andTheFiguresStayTheSame() {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
        TestDb.conversation("a", false, hour.plusSeconds(600), List.of(Msg.user("hi"), Msg.assistant("hello")));
        TestDb.conversation("b", false, hour.plusSeconds(1200), List.of(Msg.user("hi")));
        TestDb.DB.exec("update conversations set health_score = 80 where external_id = 'a'");
        assertThat(TestDb.DB.count("select count(*) from conversation_rollup_deltas")).isPositive();
        String before = figures();

        long written = compactor.compactOnce().await().indefinitely();

        assertThat(written).isPositive();
        assertThat(TestDb.DB.count("select count(*) from conversation_rollup_deltas")
                + TestDb.DB.count("select count(*) from message_rollup_deltas")).isZero();
        assertThat(figures()).isEqualTo(before).contains("2|1|80|3");
        assertThat(compactor.compactOnce().await().indefinitely()).as("nothing left to fold").isZero();
    }

    @Test
    void anotherReplicaCompacting__returnsAtOnceAndLeavesTheDeltas() throws Exception {
        TestDb.conversation("a", false, Instant.now(), List.of(Msg.user("hi")));
        try (Connection other = TestDb.DB.connect(); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("select pg_advisory_xact_lock(7345734519)"); // the compaction lock, held by "another replica"
            assertThat(compactor.compactOnce().await().indefinitely()).isZero();
            other.rollback();
        }
        assertThat(TestDb.DB.count("select count(*) from conversation_rollup_deltas")).isPositive();
    }

    /** conversations|scored|health_sum|messages over both tables of each rollup. */
    private static String figures() {
        return TestDb.DB.value("""
                select (select sum(conversations) || '|' || sum(scored) || '|' || sum(health_sum)::int
                        from (select * from conversation_rollups union all select * from conversation_rollup_deltas) c)
                       || '|' || (select sum(messages)
                        from (select * from message_rollups union all select * from message_rollup_deltas) m)""")
                .toString();
    }
}
