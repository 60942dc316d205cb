package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class AuthTest {

    static final String EMAIL = "admin@sensei.test";
    static final String PASSWORD = "correct horse battery staple";

    @BeforeEach
    void clean() {
        TestDb.DB.exec("truncate user_security_logs, user_profiles, user_sessions");
    }

    private static Response login(String email, String password, String ip) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", ip)
                .body(Map.of("email", email, "password", password))
                .post("/api/v1/auth/login");
    }

    @Test
    void login__rightCredentials__issuesASupabaseShapedTokenTheApiAccepts() {
        Response r = login("  Admin@Sensei.TEST ", PASSWORD, "198.51.100.1");
        r.then().statusCode(200)
                .header("Cache-Control", equalTo("no-store"))
                .body("token_type", equalTo("bearer"))
                .body("expires_in", equalTo(43200))
                .body("user.email", equalTo(EMAIL))
                .body("user.id", notNullValue());
        String token = r.path("access_token");
        String subject = r.path("user.id");

        String[] parts = token.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        assertThat(header).contains("\"alg\":\"HS256\"");

        // the token works on admin endpoints and /me shows its claims
        given().header("Authorization", "Bearer " + token).get("/api/v1/auth/me").then().statusCode(200)
                .body("sub", equalTo(subject))
                .body("email", equalTo(EMAIL))
                .body("iss", equalTo("sensei-local"))
                .body("aud", equalTo("authenticated"))
                .body("role", equalTo("authenticated"))
                .body("app_metadata.sensei_role", equalTo("admin"))
                .body("sensei_role", equalTo("admin"))
                .body("sensei_role_source", equalTo("claim"));
        given().header("Authorization", "Bearer " + token).get("/api/v1/settings").then().statusCode(200);

        // the subject is stable across logins
        assertThat((String) login(EMAIL, PASSWORD, "198.51.100.1").path("user.id")).isEqualTo(subject);

        // the local admin's role is in its token (app_metadata.sensei_role), not stored on the members page
        assertThat(TestDb.DB.one("select email, role, claimed_role from user_profiles where subject = ?", subject))
                .containsEntry("email", EMAIL).containsEntry("role", null).containsEntry("claimed_role", "admin");
        assertThat(TestDb.DB.count("select count(*) from user_profiles")).isEqualTo(1);
        assertThat(TestDb.DB.count("select count(*) from user_sessions where subject = ? and expires_at > now() + interval '11 hours'", subject)).isEqualTo(2);
        assertThat(TestDb.DB.count("select count(*) from user_security_logs where event = 'login_succeeded' and email = ? and ip = '198.51.100.1'", EMAIL)).isEqualTo(2);
    }

    @Test
    void login__wrongPassword__is401AfterADelayAndLogged() {
        long start = System.nanoTime();
        login(EMAIL, "wrong", "198.51.100.2").then().statusCode(401)
                .body("code", equalTo("unauthorized"))
                .body("message", equalTo("wrong email or password"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(millis).as("failure answers only after the fixed delay").isGreaterThanOrEqualTo(350);
        assertThat(TestDb.DB.count("select count(*) from user_security_logs where event = 'login_failed' and email = ? and ip = '198.51.100.2'", EMAIL)).isEqualTo(1);
    }

    @Test
    void login__unknownEmail__is401() {
        login("someone@else.test", PASSWORD, "198.51.100.3").then().statusCode(401);
    }

    @Test
    void login__fiveFailures__locksThatEmailAndAddressOut() {
        String ip = "198.51.100.4";
        for (int i = 0; i < 5; i++) {
            login(EMAIL, "guess-" + i, ip).then().statusCode(401);
        }

        // even the right password is refused now, with a Retry-After within the 15 minute window
        Response locked = login(EMAIL, PASSWORD, ip);
        locked.then().statusCode(429).body("code", equalTo("rate_limited"));
        int retryAfter = Integer.parseInt(locked.header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 900);

        // another address, or another email from the same address, is not locked
        login(EMAIL, PASSWORD, "198.51.100.5").then().statusCode(200);
        login("other@sensei.test", "x", ip).then().statusCode(401);
        assertThat(TestDb.DB.count("select count(*) from user_security_logs where event = 'login_locked' and ip = ?", ip)).isEqualTo(1);
    }

    /**
     * A raw HTTP/1.1 login sent from 127.0.0.2: a loopback address that is not the gateway's (127.0.0.1/32), so
     * its X-Forwarded-For must be ignored. Returns the status line's code.
     */
    private static int loginFromUntrustedPeer(String email, String password, String forwardedFor) throws IOException {
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), io.restassured.RestAssured.port,
                InetAddress.getByName("127.0.0.2"), 0)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "X-Forwarded-For: " + forwardedFor + "\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    @Test
    void login__rotatingXForwardedForFromAnUntrustedPeer__givesNoExtraGuesses() throws IOException {
        for (int i = 0; i < 5; i++) {
            assertThat(loginFromUntrustedPeer(EMAIL, "guess-" + i, "203.0.113." + i)).isEqualTo(401);
        }
        // a fresh "address" in the header changes nothing: the lockout is keyed on the real peer
        assertThat(loginFromUntrustedPeer(EMAIL, "guess-5", "203.0.113.99")).isEqualTo(429);
        assertThat(TestDb.DB.count("select count(*) from user_security_logs where event = 'login_failed' and ip = '127.0.0.2'"))
                .isEqualTo(5);
        assertThat(TestDb.DB.count("select count(*) from user_security_logs where ip like '203.0.113.%'")).isZero();
    }

    @Test
    void login__spoofingTheVictimsAddress__doesNotLockTheVictimOut() throws IOException {
        String victim = "198.51.100.77";
        for (int i = 0; i < 25; i++) { // past both the per-email and the per-address limits
            loginFromUntrustedPeer(EMAIL, "guess-" + i, victim);
        }
        assertThat(loginFromUntrustedPeer(EMAIL, PASSWORD, victim)).isEqualTo(429); // the attacker is locked out
        // the victim, arriving through the gateway from their real address, still gets in
        login(EMAIL, PASSWORD, victim).then().statusCode(200);
        assertThat(TestDb.DB.count("select count(*) from user_security_logs where ip = ? and event <> 'login_succeeded'", victim))
                .isZero();
    }

    @Test
    void login__oneAddressSprayingManyEmails__isRefusedAfterItsBudget() {
        String ip = "198.51.100.8";
        for (int i = 0; i < 20; i++) {
            login("user" + i + "@sensei.test", "password", ip).then().statusCode(401);
        }
        Response locked = login(EMAIL, PASSWORD, ip);
        locked.then().statusCode(429).body("code", equalTo("rate_limited"));
        assertThat(Integer.parseInt(locked.header("Retry-After"))).isBetween(1, 900);
        login(EMAIL, PASSWORD, "198.51.100.9").then().statusCode(200);
    }

    @Test
    void login__emailWithANewline__cannotForgeALogLine() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            login("x@y.z\n12:00:00.000 INFO  [co.co.ad.se.LoginService] login succeeded for admin", "wrong",
                    "198.51.100.10").then().statusCode(401);
        } finally {
            root.removeHandler(capture);
        }
        assertThat(lines).anyMatch(l -> l.startsWith("login failed for x@y.z\\u000a12:00:00.000 info"));
        assertThat(lines).noneMatch(l -> l.contains("\n"));
    }

    @Test
    void login__successResetsTheFailureCount() {
        String ip = "198.51.100.6";
        for (int i = 0; i < 4; i++) {
            login(EMAIL, "guess-" + i, ip).then().statusCode(401);
        }
        login(EMAIL, PASSWORD, ip).then().statusCode(200);
        login(EMAIL, "guess-after", ip).then().statusCode(401); // 1 failure since the success: not locked
        login(EMAIL, PASSWORD, ip).then().statusCode(200);
    }

    @Test
    void login__invalidBody__is400NamingTheField() {
        given().contentType(ContentType.JSON).body(Map.of("email", EMAIL)).post("/api/v1/auth/login")
                .then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("details.field", hasItem("password"));
        // (the code is "validation_failed" until the platform maps Quarkus' wrapped parse errors to malformed_json)
        given().contentType(ContentType.JSON).body("{\"email\": \"x\", ").post("/api/v1/auth/login")
                .then().statusCode(400);
        given().contentType(ContentType.JSON).post("/api/v1/auth/login")
                .then().statusCode(400).body("details.field", hasItem("request"));
    }

    @Test
    void protectedEndpoints__withoutAValidToken__are401Envelopes() {
        for (String token : new String[] {TestTokens.expired(), TestTokens.algNone(), TestTokens.wrongAudience(),
                TestTokens.tampered(), TestTokens.wrongSecret(), "not-a-jwt"}) {
            given().header("Authorization", "Bearer " + token).get("/api/v1/settings")
                    .then().statusCode(401).body("code", equalTo("unauthorized"));
        }
        given().get("/api/v1/auth/me").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().get("/api/v1/api-keys").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/analytics/patterns/run").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"status\":\"ack\"}").patch("/api/v1/failures/" + UUID.randomUUID())
                .then().statusCode(401);
    }

    @Test
    void tokens__expiredSecondsAgo_orIssuedInTheFuture__are401Envelopes() {
        for (String token : new String[] {TestTokens.expiredSecondsAgo(5), TestTokens.issuedInFuture(86_400)}) {
            given().header("Authorization", "Bearer " + token).get("/api/v1/auth/me")
                    .then().statusCode(401).body("code", equalTo("unauthorized"));
        }
        // the same shape of token, current, is accepted (so the refusals above are about time alone)
        given().header("Authorization", "Bearer " + TestTokens.expiredSecondsAgo(-3600)).get("/api/v1/auth/me").then().statusCode(200);
    }

    @Test
    void me__tellsViewersAndUsersWithoutARoleWhatTheyAre() {
        given().header("Authorization", TestTokens.viewerBearer()).get("/api/v1/auth/me").then().statusCode(200)
                .body("sensei_role", equalTo("viewer")).body("sensei_role_source", equalTo("claim"));
        given().header("Authorization", TestTokens.noRoleBearer()).get("/api/v1/auth/me").then().statusCode(200)
                .body("sensei_role", nullValue()).body("sensei_role_source", nullValue());
    }

    @Test
    void me__withTheSharedTestToken__returnsItsClaims() {
        given().header("Authorization", Tokens.bearer()).get("/api/v1/auth/me").then().statusCode(200)
                .body("sub", equalTo(Tokens.TEST_SUBJECT)).body("email", equalTo(Tokens.TEST_EMAIL));
    }
}
