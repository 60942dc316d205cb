package com.convosensei.dashboard;

import com.convosensei.platform.testing.HttpMetricsCheck;
import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** /q/metrics of dashboard-api: the HTTP-metrics contract of {@link HttpMetricsCheck}. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class HttpMetricsTest {

    @Test
    void requests__countedPerTemplate_withTheServiceTag__idsAndUnmatchedPathsNeverTagValues() {
        HttpMetricsCheck.requestsCountedPerTemplate("dashboard-api", "/api/v1/conversations");
    }
}
