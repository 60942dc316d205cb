package com.convosensei.ingestion;

import com.convosensei.platform.testing.OpenApiSnapshot;
import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * What this service serves at /q/openapi is what docs/openapi/ingestion-gateway.json says (the dashboard's and the SDK's
 * contracts are checked against that file); on a difference it lists the JSON pointers and says to run
 * `make openapi`.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestKeys.DB))
class OpenApiSnapshotTest {

    @Test
    void liveDocument__equalsTheCommittedSnapshot() throws Exception {
        OpenApiSnapshot.assertLiveMatchesSnapshot("ingestion-gateway");
    }
}
