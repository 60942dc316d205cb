package com.convosensei.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The role an admin stores on the members page (admin-api) reaches this service within its role cache period. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class StoredRoleTest {

    static final String TOKEN = TestTokens.bearerFor("sub-dash-stored", "stored@example.com", null);

    private static int status() {
        return given().header("Authorization", TOKEN).get("/api/v1/analytics/patterns").statusCode();
    }

    @Test
    void storedRole__grantsReads__andADemotionBitesWithinTheCachePeriod() throws Exception {
        TestDb.DB.exec("delete from user_profiles where subject = 'sub-dash-stored'");
        TestDb.DB.exec("insert into user_profiles (subject, email, role) values ('sub-dash-stored', 'stored@example.com', 'viewer')");
        assertThat(status()).isEqualTo(200);
        // this service recorded the sighting
        assertThat(TestDb.DB.column("select email from user_profiles where subject = 'sub-dash-stored'"
                + " and last_seen_at > now() - interval '1 minute'")).containsExactly("stored@example.com");

        TestDb.DB.exec("update user_profiles set role = null where subject = 'sub-dash-stored'");
        long start = System.nanoTime();
        int status = status();
        while (status == 200 && System.nanoTime() - start < Duration.ofSeconds(10).toNanos()) {
            Thread.sleep(250);
            status = status();
        }
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(status).isEqualTo(403);
        assertThat(took).as("the role cache is 5 s").isLessThan(6_500);
        given().header("Authorization", TOKEN).get("/api/v1/failures").then().statusCode(403).body("code", equalTo("forbidden"));
    }
}
