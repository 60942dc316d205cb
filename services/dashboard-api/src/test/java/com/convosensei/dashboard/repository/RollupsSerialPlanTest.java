package com.convosensei.dashboard.repository;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * {@link Rollups#serial}: a statement with the V23 marker is planned without workers where the planner is made to
 * plan them (every parallel cost zero, parallel query forced), with and without a WITH list of its own.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = "sensei_test_dashboard"))
class RollupsSerialPlanTest {

    @Test
    void markedStatements__getNoWorkers_whereTheUnmarkedOnesDo() throws SQLException {
        try (Connection c = new TestDatabase("sensei_test_dashboard").connect(); Statement st = c.createStatement()) {
            for (String setting : new String[] {"parallel_setup_cost = 0", "parallel_tuple_cost = 0",
                    "min_parallel_table_scan_size = 0", "min_parallel_index_scan_size = 0"}) {
                st.execute("set " + setting);
            }
            forceParallelQuery(st);
            String plain = "select count(*) from messages";
            String withList = "with n as (select count(*) as k from messages) select k from n";
            assertThat(plan(st, plain)).contains("Gather");
            assertThat(plan(st, withList)).contains("Gather");

            assertThat(plan(st, Rollups.serial(plain))).doesNotContain("Gather").doesNotContain("serial_plan");
            assertThat(plan(st, Rollups.serial(withList))).doesNotContain("Gather").doesNotContain("serial_plan");
            assertThat(Rollups.serial(withList)).startsWith("with serial_plan as (select sensei_private.serial_plan()), n as");
            // a WITH on a line of its own, and WITH RECURSIVE (which must stay first: it covers the whole list)
            String newline = "with\n n as (select count(*) as k from messages) select k from n";
            assertThat(plan(st, Rollups.serial(newline))).doesNotContain("Gather");
            String recursive = "WITH RECURSIVE r(i) as (select 1 union all select i + 1 from r where i < 3) select count(*) from r";
            assertThat(Rollups.serial(recursive)).startsWith("WITH RECURSIVE serial_plan as (select sensei_private.serial_plan()), r(i) as");
            assertThat(plan(st, Rollups.serial(recursive))).doesNotContain("serial_plan");
        }
    }

    /** debug_parallel_query from PostgreSQL 16, force_parallel_mode before. */
    private static void forceParallelQuery(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("select current_setting('server_version_num')::int")) {
            rs.next();
            st.execute(rs.getInt(1) >= 160000 ? "set debug_parallel_query = on" : "set force_parallel_mode = on");
        }
    }

    private static String plan(Statement st, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (ResultSet rs = st.executeQuery("explain (costs off, verbose) " + sql)) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }
}
