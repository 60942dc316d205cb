package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.testing.PostgresTestResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The waitlist end to end against the real database: sign-up (validation, dedupe, honeypot, per-address limit),
 * confirmation with the token from the real outbox payload, and the admin list, CSV export and deletions.
 * Each test signs up from its own client addresses (X-Forwarded-For, believed from loopback, the gateway's address
 * in tests) so the per-address limit only bites where a test means it to.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class WaitlistTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    private static final String ACCEPTED = "{\"status\":\"pending_confirmation\","
            + "\"message\":\"Check your inbox to confirm your place on the waitlist.\"}";

    @BeforeEach
    void clean() {
        TestDb.DB.exec("truncate waitlist, waitlist_rate_limits");
        TestDb.DB.exec("delete from email_outbox where kind = 'waitlist_confirm'");
        TestDb.DB.exec("delete from audit_events where action like 'waitlist.%'");
    }

    /** A client address no other request of this run used. */
    private static String freshAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }

    private static Response signUp(String address, String body) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.JSON).body(body)
                .post("/api/v1/waitlist");
    }

    private static Response signUp(String body) {
        return signUp(freshAddress(), body);
    }

    private static String body(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void accepted(Response r) {
        r.then().statusCode(202).contentType(ContentType.JSON);
        assertThat(r.asString()).isEqualTo(ACCEPTED);
    }

    private static void refused(Response r, int status, String code, String field, String reason) {
        r.then().statusCode(status).contentType(ContentType.JSON);
        assertThat(r.jsonPath().getString("code")).as(r.asString()).isEqualTo(code);
        assertThat(r.jsonPath().getString("message")).isNotBlank();
        if (field != null) {
            List<Map<String, String>> details = r.jsonPath().getList("details");
            assertThat(details).as(r.asString()).anySatisfy(d -> {
                assertThat(d.get("field")).isEqualTo(field);
                assertThat(d.get("reason")).contains(reason);
            });
        }
    }

    private static long rows() {
        return TestDb.DB.count("select count(*) from waitlist");
    }

    private static long outbox() {
        return TestDb.DB.count("select count(*) from email_outbox where kind = 'waitlist_confirm'");
    }

    /** The token in the newest confirmation email queued for this address, from the outbox payload. */
    private static String tokenFor(String email) throws Exception {
        String payload = (String) TestDb.DB.value("select payload::text from email_outbox where kind = 'waitlist_confirm'"
                + " and lower(recipient) = lower(?) order by id desc limit 1", email);
        String url = JSON.readTree(payload).get("confirm_url").asText();
        assertThat(url).startsWith("https://sensei.test/api/v1/waitlist/confirm?token=");
        return url.substring(url.indexOf("token=") + 6);
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    // ---- sign-up ----

    @Test
    void signUp__newAddress__202_storesNormalisedPendingRow_andQueuesTheConfirmationEmail() throws Exception {
        String address = freshAddress();
        Response r = given().header("X-Forwarded-For", address).header("User-Agent", "ua-" + "x".repeat(400))
                .contentType(ContentType.JSON)
                .body(body(Map.of("email", "  Ann.Lee@EXAMPLE.com ", "name", " Ann Lee ", "company", "Acme",
                        "source", "landing", "utm_source", "newsletter", "utm_medium", "email",
                        "utm_campaign", "launch", "utm_term", "agents", "utm_content", "hero",
                        "referrer", "https://news.example/post")))
                .post("/api/v1/waitlist");
        accepted(r);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");

        Map<String, Object> row = TestDb.DB.one("select * from waitlist");
        assertThat(row).containsEntry("email", "Ann.Lee@example.com").containsEntry("name", "Ann Lee")
                .containsEntry("company", "Acme").containsEntry("source", "landing")
                .containsEntry("utm_source", "newsletter").containsEntry("utm_medium", "email")
                .containsEntry("utm_campaign", "launch").containsEntry("utm_term", "agents")
                .containsEntry("utm_content", "hero").containsEntry("referrer", "https://news.example/post")
                .containsEntry("status", "pending").containsEntry("confirmations_sent", 1);
        // the client address only as a keyed hash; the user agent truncated to the column's 256
        assertThat((String) row.get("ip_hash")).matches("[0-9a-f]{64}").isNotEqualTo(sha256(address));
        assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(address));
        assertThat((String) row.get("user_agent")).hasSize(256).startsWith("ua-x");
        assertThat(row.get("confirm_expires_at")).isNotNull();
        assertThat(TestDb.DB.value("select confirm_expires_at - created_at between interval '6 days 23 hours'"
                + " and interval '7 days 1 minute' from waitlist")).isEqualTo(true);

        Map<String, Object> mail = TestDb.DB.one("select * from email_outbox where kind = 'waitlist_confirm'");
        assertThat(mail).containsEntry("recipient", "Ann.Lee@example.com").containsEntry("status", "pending")
                .containsEntry("dedupe_key", "waitlist_confirm:" + row.get("id") + ":1");
        JsonNode payload = JSON.readTree(mail.get("payload").toString());
        assertThat(payload.get("name").asText()).isEqualTo("Ann Lee");
        String token = tokenFor("ann.lee@example.com");
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(row.get("confirm_token_hash")).isEqualTo(sha256(token)); // stored hashed, never as sent
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "annexample.com           | must contain an @",
        "ann@bob@example.com      | exactly one @",
        "@example.com             | the part before the @ is empty",
        "ann@                     | the domain after the @ is empty",
        "ann lee@example.com      | must not contain spaces",
        "ann..lee@example.com     | consecutive dots",
        ".ann@example.com         | must not start or end with a dot",
        "ann@localhost            | needs a top-level domain",
        "ann@example.c            | top-level domain must be at least two letters",
        "ann@-example.com         | must not start or end with a hyphen",
        "ann@exa_mple.com         | only letters, digits, hyphens and dots",
        "ann(x)@example.com       | must not contain '('",
        "``                       | is required",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com | at most 64"
    })
    void signUp__badEmail__400NamingTheRule_andStoresNothing(String email, String reason) {
        refused(signUp(body(Map.of("email", email))), 400, "validation_failed", "email", reason);
        assertThat(rows()).isZero();
        assertThat(outbox()).isZero();
    }

    @Test
    void signUp__badFields__400NamingEach_orTheEnvelopeForTheBody() {
        refused(signUp("{\"email\":\"a@example.com\",\"nickname\":\"x\"}"), 400, "validation_failed", "nickname",
                "unknown field");
        refused(signUp(body(Map.of("email", "a@example.com", "name", "n".repeat(121)))), 400, "validation_failed",
                "name", "at most 120");
        refused(signUp(body(Map.of("email", "a@example.com", "source", "s".repeat(65)))), 400, "validation_failed",
                "source", "at most 64");
        refused(signUp(body(Map.of("email", "a@example.com", "utm_campaign", "u".repeat(201)))), 400,
                "validation_failed", "utm_campaign", "at most 200");
        refused(signUp(body(Map.of("email", "a@example.com", "referrer", "r".repeat(501)))), 400,
                "validation_failed", "referrer", "at most 500");
        refused(signUp("{\"email\":\"j\\u00f6rg@example.com\"}"), 400, "validation_failed", "email", "plain ASCII");
        Response odd = signUp("{\"email\":\"a@example.com\",\"\\ud800x\":1}");
        refused(odd, 400, "validation_failed", "?x", "unknown field"); // echoed as printable text: the answer stays JSON
        refused(signUp("{\"email\":\"a@example.com\",\"utm_source\":7}"), 400, "validation_failed", "utm_source",
                "must be a string");
        refused(signUp("{\"email\":\"a@example.com\",\"company\":\"bad\\u0000byte\"}"), 400, "validation_failed",
                "company", "control characters");
        refused(signUp("{\"email\":[\"a@example.com\"]}"), 400, "validation_failed", "email", "must be a string");
        refused(signUp("{\"name\":\"Ann\"}"), 400, "validation_failed", "email", "is required");
        // every problem at once
        Response several = signUp("{\"email\":\"nope\",\"name\":\"" + "n".repeat(121) + "\",\"x\":1}");
        assertThat(several.jsonPath().getList("details.field")).containsExactlyInAnyOrder("email", "name", "x");
        refused(signUp("{\"email\": \"a@example.com\""), 400, "malformed_json", null, null);
        refused(signUp("not json"), 400, "malformed_json", null, null);
        refused(signUp("[]"), 400, "malformed_json", null, null);
        refused(signUp(""), 400, "malformed_json", null, null);
        refused(signUp("{\"email\":\"a@example.com\",\"email\":\"b@example.com\"}"), 400, "malformed_json", null, null);
        refused(signUp(body(Map.of("email", "a@example.com", "name", "x".repeat(9000)))), 413, "payload_too_large",
                null, null);
        Response form = given().header("X-Forwarded-For", freshAddress()).contentType("text/plain")
                .body("email=a@example.com").post("/api/v1/waitlist");
        form.then().statusCode(415).contentType(ContentType.JSON);
        assertThat(rows()).isZero();
        assertThat(outbox()).isZero();
    }

    @Test
    void signUp__sameAddressAgainInAnyCase__oneRow_oneEmail_sameAnswer() {
        for (String email : List.of("bo@example.com", "BO@Example.COM", " Bo@example.com", "bo@EXAMPLE.com")) {
            accepted(signUp(body(Map.of("email", email, "name", "Bo"))));
        }
        assertThat(rows()).isOne();
        assertThat(TestDb.DB.value("select email from waitlist")).isEqualTo("bo@example.com"); // the first kept
        assertThat(outbox()).as("re-sent at most once per hour").isOne();
    }

    @Test
    void signUp__pendingAddressAfterTheResendInterval__newLink_oldLinkStopsWorking() throws Exception {
        accepted(signUp(body(Map.of("email", "cy@example.com"))));
        String first = tokenFor("cy@example.com");
        TestDb.DB.exec("update waitlist set confirmation_sent_at = now() - interval '61 minutes'");
        accepted(signUp(body(Map.of("email", "Cy@example.com"))));
        accepted(signUp(body(Map.of("email", "cy@example.com")))); // within the hour of the re-send: nothing more
        assertThat(rows()).isOne();
        assertThat(TestDb.DB.column("select dedupe_key from email_outbox where kind = 'waitlist_confirm' order by id"))
                .hasSize(2).last().asString().endsWith(":2");
        String second = tokenFor("cy@example.com");
        assertThat(second).isNotEqualTo(first);
        confirm(first, "application/json").then().statusCode(400);
        confirm(second, "application/json").then().statusCode(200);
    }

    @Test
    void signUp__honeypotFilled__sameAnswer_storedAsSpam_neverEmailed_neverConfirmable() {
        accepted(signUp(body(Map.of("email", "bot@example.com", "website", "http://spam.example"))));
        accepted(signUp("{\"email\":\"bot2@example.com\",\"website\":42}"));
        assertThat(TestDb.DB.column("select status from waitlist order by email")).containsExactly("spam", "spam");
        assertThat(TestDb.DB.count("select count(*) from waitlist where confirm_token_hash is not null")).isZero();
        assertThat(outbox()).isZero();
        // an empty honeypot is what humans send
        accepted(signUp(body(Map.of("email", "human@example.com", "website", ""))));
        assertThat(TestDb.DB.value("select status from waitlist where email = 'human@example.com'")).isEqualTo("pending");
        assertThat(outbox()).isOne();
    }

    @Test
    void signUp__honeypotWithAListedAddress__changesNothing_butAPersonReclaimsABotsRow() throws Exception {
        accepted(signUp(body(Map.of("email", "dee@example.com", "name", "Dee"))));
        accepted(signUp(body(Map.of("email", "dee@example.com", "name", "Bot", "website", "x"))));
        assertThat(TestDb.DB.one("select status, name from waitlist")).containsEntry("status", "pending")
                .containsEntry("name", "Dee");

        accepted(signUp(body(Map.of("email", "eve@example.com", "name", "Bot", "website", "x"))));
        accepted(signUp(body(Map.of("email", "Eve@example.com", "name", "Eve"))));
        assertThat(TestDb.DB.one("select status, name from waitlist where lower(email) = 'eve@example.com'"))
                .containsEntry("status", "pending").containsEntry("name", "Eve");
        assertThat(rows()).isEqualTo(2);
        confirm(tokenFor("eve@example.com"), "application/json").then().statusCode(200);
    }

    @Test
    void signUp__floodFromOneAddress__429WithRetryAfterAfterTheLimit_andNoExtraRows() throws Exception {
        waitUnlessMinuteEndsSoon();
        String address = freshAddress();
        for (int i = 0; i < 4; i++) {
            accepted(signUp(address, body(Map.of("email", "flood" + i + "@example.com"))));
        }
        // a bad request is an attempt too: a flood of garbage is still a flood
        signUp(address, body(Map.of("email", "nope"))).then().statusCode(400);
        Response limited = signUp(address, body(Map.of("email", "flood-extra@example.com")));
        refused(limited, 429, "rate_limited", "retry_after", "seconds");
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 60);
        assertThat(limited.jsonPath().getString("message")).contains("try again in " + retryAfter + " seconds");
        assertThat(rows()).isEqualTo(4);
        assertThat(outbox()).isEqualTo(4);
        // another address is not affected; a spoofed X-Forwarded-For from an untrusted peer would not be believed
        accepted(signUp(freshAddress(), body(Map.of("email", "other@example.com"))));
        assertThat(TestDb.DB.count("select count(*) from waitlist_rate_limits where ip_hash like '%.%'"))
                .as("counters hold hashes, never addresses").isZero();
    }

    @Test
    void signUp__overTheDailyLimit__429UntilTheDayEnds() {
        String address = freshAddress();
        accepted(signUp(address, body(Map.of("email", "daily@example.com"))));
        TestDb.DB.exec("update waitlist_rate_limits set hits = 50 where window_kind = 'day'");
        Response limited = signUp(address, body(Map.of("email", "daily2@example.com")));
        refused(limited, 429, "rate_limited", "retry_after", "seconds");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 86_400);
        assertThat(rows()).isOne();
    }

    /** The minute window is a calendar minute: start a burst early enough that it cannot straddle two. */
    private static void waitUnlessMinuteEndsSoon() throws InterruptedException {
        double second = ((Number) TestDb.DB.value("select extract(second from now())")).doubleValue();
        if (second > 50) {
            Thread.sleep((long) ((61 - second) * 1000));
        }
    }

    // ---- confirmation ----

    private static Response confirm(String token, String accept) {
        return given().accept(accept).queryParam("token", token).get("/api/v1/waitlist/confirm");
    }

    @Test
    void confirm__withTheEmailedToken__confirms_htmlPage_thenSaysAlreadyConfirmed() throws Exception {
        accepted(signUp(body(Map.of("email", "fay@example.com"))));
        String token = tokenFor("fay@example.com");
        // what a browser sends when the link in the email is clicked
        Response page = given().accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .queryParam("token", token).get("/api/v1/waitlist/confirm");
        page.then().statusCode(200).contentType(ContentType.HTML);
        assertThat(page.asString()).contains("your email is confirmed").doesNotContain(token);
        Map<String, Object> row = TestDb.DB.one("select status, confirmed_at from waitlist");
        assertThat(row.get("status")).isEqualTo("confirmed");
        assertThat(row.get("confirmed_at")).isNotNull();

        assertThat(confirm(token, "text/html").then().statusCode(200).extract().asString()).contains("already confirmed");
        confirm(token, "application/json").then().statusCode(200).contentType(ContentType.JSON);
        assertThat(confirm(token, "application/json").jsonPath().getString("status")).isEqualTo("already_confirmed");
        // signing up again once confirmed: same answer, no email
        accepted(signUp(body(Map.of("email", "fay@example.com"))));
        TestDb.DB.exec("update waitlist set confirmation_sent_at = now() - interval '2 hours'");
        accepted(signUp(body(Map.of("email", "fay@example.com"))));
        assertThat(outbox()).isOne();
    }

    @Test
    void confirm__tamperedExpiredOrMissingToken__400_andNothingConfirmed() throws Exception {
        accepted(signUp(body(Map.of("email", "gus@example.com"))));
        String token = tokenFor("gus@example.com");
        String tampered = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
        Response page = confirm(tampered, "text/html");
        page.then().statusCode(400).contentType(ContentType.HTML);
        assertThat(page.asString()).contains("This link does not work").contains("unknown");
        refused(confirm(tampered, "application/json"), 400, "validation_failed", "token", "unknown");
        refused(confirm(token + "x", "application/json"), 400, "validation_failed", "token", "not a confirmation token");
        refused(given().accept("application/json").get("/api/v1/waitlist/confirm"), 400, "validation_failed", "token",
                "is required");
        // no Accept at all (scripts, the fuzzer): the envelope, not a page
        refused(given().queryParam("token", tampered).get("/api/v1/waitlist/confirm"), 400, "validation_failed", "token",
                "unknown");
        assertThat(confirm("<script>", "text/html").asString()).doesNotContain("<script>");

        TestDb.DB.exec("update waitlist set confirm_expires_at = now() - interval '1 second'");
        refused(confirm(token, "application/json"), 400, "validation_failed", "token", "expired");
        assertThat(confirm(token, "text/html").then().statusCode(400).extract().asString()).contains("expired");
        assertThat(TestDb.DB.value("select status from waitlist")).isEqualTo("pending");
    }

    // ---- admin ----

    private static Response admin() {
        return given().header("Authorization", Tokens.bearer()).get("/api/v1/waitlist");
    }

    @Test
    void list__filtersByStatusAndEmailPrefix_withTotalAndPages() throws Exception {
        for (String email : List.of("h1@example.com", "h2@example.com", "H3@example.com", "i_x@example.com")) {
            accepted(signUp(body(Map.of("email", email, "source", "landing"))));
        }
        accepted(signUp(body(Map.of("email", "h4@example.com", "website", "bot"))));
        confirm(tokenFor("h1@example.com"), "application/json").then().statusCode(200);

        Response all = given().header("Authorization", Tokens.bearer()).queryParam("limit", 2)
                .get("/api/v1/waitlist");
        all.then().statusCode(200);
        assertThat(all.jsonPath().getLong("total")).isEqualTo(5);
        assertThat(all.jsonPath().getList("items")).hasSize(2);
        assertThat(all.jsonPath().getString("items[0].email")).isEqualTo("h4@example.com"); // newest first
        assertThat(all.jsonPath().getMap("items[0]")).containsKeys("utm_source", "created_at", "confirmed_at")
                .doesNotContainKeys("ip_hash", "user_agent", "confirm_token_hash");
        Response second = given().header("Authorization", Tokens.bearer()).queryParam("limit", 2)
                .queryParam("offset", 4).get("/api/v1/waitlist");
        assertThat(second.jsonPath().getList("items.email")).containsExactly("h1@example.com");

        assertThat(given().header("Authorization", Tokens.bearer()).queryParam("status", "spam").get("/api/v1/waitlist")
                .jsonPath().getList("items.email")).containsExactly("h4@example.com");
        Response confirmed = given().header("Authorization", Tokens.bearer()).queryParam("status", "confirmed")
                .get("/api/v1/waitlist");
        assertThat(confirmed.jsonPath().getList("items.email")).containsExactly("h1@example.com");
        assertThat(confirmed.jsonPath().getString("items[0].confirmed_at")).isNotNull();
        Response prefix = given().header("Authorization", Tokens.bearer()).queryParam("q", "H").get("/api/v1/waitlist");
        assertThat(prefix.jsonPath().getLong("total")).isEqualTo(4);
        // LIKE's own characters are literal: "i_" matches only "i_x", and "_" alone matches nothing
        assertThat(given().header("Authorization", Tokens.bearer()).queryParam("q", "_").get("/api/v1/waitlist")
                .jsonPath().getLong("total")).isZero();
        assertThat(given().header("Authorization", Tokens.bearer()).queryParam("q", "i_").get("/api/v1/waitlist")
                .jsonPath().getLong("total")).isOne();

        refused(given().header("Authorization", Tokens.bearer()).queryParam("status", "gone").get("/api/v1/waitlist"),
                400, "validation_failed", "status", "one of");
        refused(given().header("Authorization", Tokens.bearer()).queryParam("limit", "abc").get("/api/v1/waitlist"),
                400, "validation_failed", "limit", "whole number");
        refused(given().header("Authorization", Tokens.bearer()).queryParam("limit", 0).get("/api/v1/waitlist"),
                400, "validation_failed", "limit", "1-200");
        refused(given().header("Authorization", Tokens.bearer()).queryParam("offset", -1).get("/api/v1/waitlist"),
                400, "validation_failed", "offset", "0 or more");
        assertThat(admin().jsonPath().getLong("total")).isEqualTo(5);
    }

    @Test
    void export__allMatchingRows_rfc4180_formulaCellsDefused_andAudited() {
        accepted(signUp(body(Map.of("email", "+1@example.com", "name", "=HYPERLINK(\"http://evil\",\"x\")",
                "company", "Acme, \"Inc\"", "utm_source", "@SUM(A1)", "utm_medium", "-2+3"))));
        accepted(signUp(body(Map.of("email", "plain@example.com", "name", "Line\tTab"))));
        Response csv = given().header("Authorization", Tokens.bearer()).get("/api/v1/waitlist/export.csv");
        csv.then().statusCode(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("attachment").contains(".csv");
        String text = csv.asString();
        String[] lines = text.split("\r\n", -1);
        assertThat(lines).hasSize(4); // header, two rows, and the empty string after the last CRLF
        assertThat(lines[0]).isEqualTo("id,email,name,company,status,source,utm_source,utm_medium,utm_campaign,"
                + "utm_term,utm_content,referrer,created_at,confirmation_sent_at,confirmed_at");
        assertThat(lines[1]).startsWith(TestDb.DB.value("select id::text from waitlist where email = 'plain@example.com'")
                + ",plain@example.com,Line\tTab,,pending,");
        assertThat(lines[2]).contains(",'+1@example.com,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\","
                + "\"Acme, \"\"Inc\"\"\",pending,,'@SUM(A1),'-2+3,");
        assertThat(lines[3]).isEmpty();

        Response spamOnly = given().header("Authorization", Tokens.bearer()).queryParam("status", "spam")
                .get("/api/v1/waitlist/export.csv");
        assertThat(spamOnly.asString().split("\r\n")).hasSize(1);
        refused(given().header("Authorization", Tokens.bearer()).queryParam("status", "nope")
                .get("/api/v1/waitlist/export.csv"), 400, "validation_failed", "status", "one of");

        List<Map<String, Object>> audit = TestDb.DB.rows("select actor, details::text as details from audit_events"
                + " where action = 'waitlist.export'");
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0).get("actor")).isEqualTo(Tokens.TEST_SUBJECT);
        assertThat(audit).allSatisfy(a -> assertThat(a.get("details").toString()).doesNotContain("@"));
    }

    @Test
    void export__moreRowsThanOneBatch__streamsEveryRowOnce() {
        TestDb.DB.exec("insert into waitlist (email, status, created_at) select 'bulk' || g || '@example.com', 'pending',"
                + " now() - g * interval '1 second' from generate_series(1, 1203) g");
        // two rows with the same created_at: the keyset must still take both
        TestDb.DB.exec("insert into waitlist (email, status, created_at) values ('tie1@example.com', 'pending',"
                + " '2020-01-01T00:00:00Z'), ('tie2@example.com', 'pending', '2020-01-01T00:00:00Z')");
        String text = given().header("Authorization", Tokens.bearer()).get("/api/v1/waitlist/export.csv").asString();
        List<String> lines = List.of(text.split("\r\n"));
        assertThat(lines).hasSize(1 + 1205);
        assertThat(lines.stream().skip(1).map(l -> l.split(",")[1]).distinct().count()).isEqualTo(1205);
        assertThat(lines.get(1)).contains("bulk1@example.com");
    }

    @Test
    void delete__byId_removesRowAndItsEmails_idempotent_audited() {
        accepted(signUp(body(Map.of("email", "jo@example.com"))));
        String id = TestDb.DB.value("select id::text from waitlist").toString();
        Response first = given().header("Authorization", Tokens.bearer()).delete("/api/v1/waitlist/" + id);
        first.then().statusCode(200);
        assertThat(first.jsonPath().getLong("deleted")).isOne();
        assertThat(first.jsonPath().getLong("emails_deleted")).isOne();
        assertThat(rows()).isZero();
        assertThat(outbox()).isZero();
        Response again = given().header("Authorization", Tokens.bearer()).delete("/api/v1/waitlist/" + id);
        again.then().statusCode(200);
        assertThat(again.jsonPath().getLong("deleted")).isZero();
        refused(given().header("Authorization", Tokens.bearer()).delete("/api/v1/waitlist/not-a-uuid"), 400,
                "validation_failed", "id", "UUID");

        List<Map<String, Object>> audit = TestDb.DB.rows("select actor, target_kind, target_ref, details::text as details"
                + " from audit_events where action = 'waitlist.delete' order by id");
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0)).containsEntry("actor", Tokens.TEST_SUBJECT).containsEntry("target_kind", "waitlist_entry")
                .containsEntry("target_ref", id);
        assertThat(audit.get(0).get("details").toString()).contains("\"deleted\": 1").doesNotContain("@");
    }

    @Test
    void erase__byAddressInAnyCase_idempotent_auditedWithoutTheAddress() {
        accepted(signUp(body(Map.of("email", "Kim@example.com", "name", "Kim"))));
        accepted(signUp(body(Map.of("email", "keep@example.com"))));
        Response first = given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                .body("{\"email\":\" KIM@EXAMPLE.COM \"}").post("/api/v1/waitlist/erase");
        first.then().statusCode(200);
        assertThat(first.jsonPath().getLong("deleted")).isOne();
        assertThat(TestDb.DB.column("select email from waitlist")).containsExactly("keep@example.com");
        assertThat(TestDb.DB.count("select count(*) from email_outbox where lower(recipient) = 'kim@example.com'")).isZero();
        Response again = given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                .body("{\"email\":\"kim@example.com\"}").post("/api/v1/waitlist/erase");
        again.then().statusCode(200);
        assertThat(again.jsonPath().getLong("deleted")).isZero();
        refused(given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/waitlist/erase"), 400, "validation_failed", "email", "is required");
        refused(given().header("Authorization", Tokens.bearer()).contentType(ContentType.JSON)
                .body("{\"email\":\"kim@\"}").post("/api/v1/waitlist/erase"), 400, "validation_failed", "email", "domain");

        List<String> details = TestDb.DB.column("select details::text || coalesce(target_ref, '') from audit_events"
                + " where action = 'waitlist.erase'");
        assertThat(details).hasSize(2).allSatisfy(d -> assertThat(d).doesNotContainIgnoringCase("kim"));
    }
}
