package com.convosensei.dashboard;

import static com.convosensei.dashboard.Api.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.platform.testing.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** List totals ({@code /count}) and the streamed CSV / JSONL exports of conversations and failures. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class ListExportTest {

    static final String CONVERSATIONS = "/api/v1/conversations";
    static final String FAILURES = "/api/v1/failures";
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void clean() {
        TestDb.truncate();
    }

    @Test
    void count__underTheCap__isExactAndFollowsTheFilters() {
        for (int i = 0; i < 7; i++) {
            TestDb.conversation("ok-" + i).health(90.0).activity(now.minusSeconds(i)).insert();
        }
        for (int i = 0; i < 3; i++) {
            TestDb.conversation("bad-" + i).env("staging").health(10.0).failing("agent_refusal").activity(now).insert();
        }
        api().get(CONVERSATIONS + "/count").then().statusCode(200)
                .body("count", equalTo(10)).body("exact", equalTo(true)).body("method", equalTo("exact"))
                .body("cap", equalTo(10000));
        api().queryParam("has_failures", "true").get(CONVERSATIONS + "/count").then().statusCode(200)
                .body("count", equalTo(3)).body("exact", equalTo(true));
        api().queryParam("environment", "staging").queryParam("health_max", "5").get(CONVERSATIONS + "/count")
                .then().statusCode(200).body("count", equalTo(0)).body("exact", equalTo(true));
        api().queryParam("health_min", "abc").get(CONVERSATIONS + "/count").then().statusCode(400)
                .body("details[0].field", equalTo("health_min"));
    }

    @Test
    void count__pastTheCap__isMarkedNotExact() {
        TestDb.DB.exec("""
                insert into conversations (external_id, last_activity_at)
                select 'many-' || i, now() - i * interval '1 second' from generate_series(1, 10050) as i""");
        TestDb.DB.exec("analyze conversations");
        Response r = api().get(CONVERSATIONS + "/count");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getBoolean("exact")).isFalse();
        assertThat(r.jsonPath().getString("method")).isIn("at_least", "estimate");
        // the planner's estimate from fresh statistics, or the cap itself: never below what is known to exist
        assertThat(r.jsonPath().getLong("count")).isGreaterThanOrEqualTo(10000);
    }

    @Test
    void failureCount__isExactAndFiltered() {
        UUID c = TestDb.conversation("f").activity(now).insert();
        TestDb.failure(c, "agent_refusal", "high", "open", now);
        TestDb.failure(c, "user_frustration", "low", "open", now);
        TestDb.failure(c, "user_frustration", "low", "resolved", now);
        api().get(FAILURES + "/count").then().statusCode(200).body("count", equalTo(3)).body("exact", equalTo(true));
        api().queryParam("status", "open").queryParam("type", "user_frustration").get(FAILURES + "/count")
                .then().statusCode(200).body("count", equalTo(1));
        api().queryParam("severity", "huge").get(FAILURES + "/count").then().statusCode(400)
                .body("details[0].field", equalTo("severity"));
    }

    @Test
    void csv__isRfc4180QuotedAndFormulaSafe__withADatedAttachmentName() {
        UUID id = TestDb.conversation("=HYPERLINK(\"http://evil\",\"x\")").health(42.5).failing("agent_refusal",
                "user_frustration").activity(now).insert();
        TestDb.message(id, "user", "@SUM(1,2) then \"quoted\", and\na new line", now);
        TestDb.conversation("plain-id").activity(now.minusSeconds(5)).insert();

        Response r = api().queryParam("format", "csv").get(CONVERSATIONS + "/export");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/csv");
        assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"sensei-conversations-"
                + LocalDate.now(ZoneOffset.UTC) + ".csv\"");
        assertThat(r.header("X-Export-Max-Rows")).isEqualTo("1000000");
        String body = r.asString();
        List<List<String>> rows = parseCsv(body);
        assertThat(body).startsWith("id,external_id,environment,user_id,health_score,").contains("\r\n");
        assertThat(rows).hasSize(3);
        List<String> header = rows.get(0);
        List<String> first = rows.get(1);
        assertThat(first.get(header.indexOf("id"))).isEqualTo(id.toString());
        // the cell starts with ' so a spreadsheet shows the text instead of evaluating it; the quotes survive
        assertThat(first.get(header.indexOf("external_id"))).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
        assertThat(first.get(header.indexOf("last_message_preview")))
                .isEqualTo("'@SUM(1,2) then \"quoted\", and a new line");
        assertThat(first.get(header.indexOf("health_score"))).isEqualTo("42.5");
        assertThat(first.get(header.indexOf("failure_types"))).isEqualTo("agent_refusal;user_frustration");
        assertThat(first.get(header.indexOf("last_activity_at"))).isEqualTo(now.toString());
        assertThat(rows.get(2).get(header.indexOf("external_id"))).isEqualTo("plain-id");
        assertThat(rows.get(2).get(header.indexOf("health_score"))).isEmpty();
    }

    @Test
    void export__masksWhatTheListMasks_andAppliesFiltersAndSort() {
        UUID masked = TestDb.conversation("pii").health(30.0).failing("agent_refusal").activity(now).insert();
        TestDb.message(masked, "user", "write to jane.doe@example.com please", now);
        TestDb.conversation("healthy").health(95.0).activity(now.minusSeconds(1)).insert();
        UUID worse = TestDb.conversation("worse").health(5.0).failing("user_frustration").activity(now.minusSeconds(2)).insert();

        String listed = api().get(CONVERSATIONS).then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.external_id == 'pii' }.last_message_preview");
        assertThat(listed).doesNotContain("jane.doe@example.com");
        List<JsonNode> lines = jsonl(api().queryParam("format", "jsonl").queryParam("has_failures", "true")
                .queryParam("sort", "health").get(CONVERSATIONS + "/export"));
        assertThat(lines).extracting(n -> n.get("id").asText()).containsExactly(worse.toString(), masked.toString());
        assertThat(lines.get(1).get("last_message_preview").asText()).isEqualTo(listed);
        assertThat(lines.get(1).get("failure_types").get(0).asText()).isEqualTo("agent_refusal");
        assertThat(lines.get(1).has("feedback")).isTrue();
    }

    @Test
    void export__twentyThousandRows__streamsEveryRowOnceInOrder() {
        TestDb.DB.exec("""
                insert into conversations (external_id, last_activity_at, health_score)
                select 'bulk-' || i, ?::timestamptz - (i % 500) * interval '1 second', (i % 100)::float8
                from generate_series(1, 20000) as i""", now);
        Response r = api().queryParam("format", "csv").get(CONVERSATIONS + "/export");
        assertThat(r.statusCode()).isEqualTo(200);
        // streamed in chunks, never sized up front (the whole body was never in the service's memory at once)
        assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(r.header("Content-Length")).isNull();
        String[] lines = r.asString().split("\r\n");
        assertThat(lines).hasSize(20001);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            ids.add(lines[i].substring(0, 36));
        }
        assertThat(new HashSet<>(ids)).hasSize(20000);
        List<String> expected = TestDb.DB.column("select id::text from conversations order by last_activity_at desc, id desc");
        assertThat(ids).isEqualTo(expected);

        String jsonl = api().queryParam("format", "jsonl").queryParam("health_max", "9").get(CONVERSATIONS + "/export")
                .then().statusCode(200).extract().asString();
        assertThat(jsonl.split("\n")).hasSize(2000);
    }

    @Test
    void failureExport__csvAndJsonl__followTheFilters() {
        UUID c = TestDb.conversation("-cmd|' /C calc'!A0").activity(now).insert();
        UUID open = TestDb.failure(c, "agent_refusal", "high", "open", now);
        TestDb.failure(c, "user_frustration", "low", "resolved", now.minusSeconds(10));

        Response csv = api().queryParam("format", "csv").queryParam("status", "open").get(FAILURES + "/export");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.header("Content-Disposition")).contains("sensei-failures-").endsWith(".csv\"");
        List<List<String>> rows = parseCsv(csv.asString());
        assertThat(rows).hasSize(2);
        List<String> header = rows.get(0);
        assertThat(rows.get(1).get(header.indexOf("id"))).isEqualTo(open.toString());
        assertThat(rows.get(1).get(header.indexOf("conversation_external_id"))).isEqualTo("'-cmd|' /C calc'!A0");
        assertThat(rows.get(1).get(header.indexOf("evidence_count"))).isEqualTo("1");
        assertThat(rows.get(1).get(header.indexOf("confidence"))).isEqualTo("0.9");

        List<JsonNode> all = jsonl(api().queryParam("format", "jsonl").get(FAILURES + "/export"));
        assertThat(all).hasSize(2);
        assertThat(all.get(0).get("evidence").get(0).get("excerpt").asText()).isEqualTo("this is useless");
        assertThat(all.get(1).get("status").asText()).isEqualTo("resolved");
    }

    @Test
    void export__badFormatOrFilter__is400NamingTheField() {
        api().queryParam("format", "xlsx").get(CONVERSATIONS + "/export").then().statusCode(400)
                .body("details[0].field", equalTo("format"));
        api().queryParam("format", "csv").queryParam("has_failures", "maybe").get(CONVERSATIONS + "/export")
                .then().statusCode(400).body("details[0].field", equalTo("has_failures"));
        api().queryParam("sort", "name").get(CONVERSATIONS + "/export").then().statusCode(400)
                .body("details[0].field", equalTo("sort"));
        api().queryParam("status", "gone").get(FAILURES + "/export").then().statusCode(400)
                .body("details[0].field", equalTo("status"));
        api().queryParam("format", "pdf").get(FAILURES + "/export").then().statusCode(400)
                .body("details[0].field", equalTo("format"));
        // the format parameter picks the type, whatever the client accepts
        api().accept("application/json").queryParam("format", "xlsx").get(CONVERSATIONS + "/export").then()
                .statusCode(400).body("details[0].field", equalTo("format"));
        api().accept("application/x-ndjson").queryParam("format", "jsonl").get(FAILURES + "/export").then()
                .statusCode(200).contentType(org.hamcrest.Matchers.startsWith("application/x-ndjson"));
    }

    @Test
    void export__withoutTokenOrRole__isRefused() {
        given().get(CONVERSATIONS + "/export").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().get(FAILURES + "/export?format=jsonl").then().statusCode(401);
        given().header("Authorization", TestTokens.noRoleBearer()).get(CONVERSATIONS + "/export").then().statusCode(403);
        given().header("Authorization", TestTokens.viewerBearer()).get(FAILURES + "/export").then().statusCode(200);
    }

    private List<JsonNode> jsonl(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/x-ndjson");
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.asString().split("\n")) {
            if (!line.isEmpty()) {
                try {
                    out.add(json.readTree(line));
                } catch (Exception e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
            }
        }
        return out;
    }

    /** An RFC 4180 reader, written independently of the service's writer. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(ch);
            }
        }
        assertThat(cell).as("file ends with CRLF").isEmpty();
        return rows;
    }
}
