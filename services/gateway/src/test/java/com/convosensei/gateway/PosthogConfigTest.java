package com.convosensei.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A gateway started with POSTHOG_KEY/HOST/REPLAY: the dashboard is told, and the CSP lets it reach that host only. */
@QuarkusTest
@TestProfile(PosthogConfigTest.WithKey.class)
class PosthogConfigTest {

    public static class WithKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sensei.gateway.posthog.key", " phc_test_key ",
                    "sensei.gateway.posthog.host", "http://127.0.0.1:19999/ingest/",
                    "sensei.gateway.posthog.replay", "true");
        }
    }

    @Test
    void runtimeConfig__carriesTheKeyHostAndReplayFlag() {
        given().get("/config.json").then().statusCode(200)
                .body("posthog.key", equalTo("phc_test_key"))
                .body("posthog.host", equalTo("http://127.0.0.1:19999/ingest"))
                .body("posthog.replay", equalTo(true));
    }

    @Test
    void doNotTrackOrGpcHeader__getsNoKey_soTheDashboardNeverLoadsAnalytics() {
        for (String[] header : new String[][] {{"DNT", "1"}, {"Sec-GPC", "1"}}) {
            given().header(header[0], header[1]).get("/config.json").then().statusCode(200)
                    .header("Vary", containsString("DNT"))
                    .body("posthog.key", nullValue())
                    .body("posthog.replay", equalTo(false));
        }
        given().header("DNT", "0").get("/config.json").then().body("posthog.key", equalTo("phc_test_key"));
    }

    @Test
    void csp__allowsConnectingToTheConfiguredHostOnly_andNoRemoteScripts() {
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("connect-src 'self' http://127.0.0.1:19999;"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", not(containsString("us.i.posthog.com")));
    }
}
