package com.convosensei.processor.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.processor.scoring.ScoringService;
import com.convosensei.processor.scoring.TestDb;
import com.convosensei.processor.scoring.TestDb.Msg;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The optional LLM judge against a local HTTP server speaking the chat-completions API. */
@QuarkusTest
@TestProfile(FeaturesOnProfile.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class JudgeTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static FakeOpenAi openAi;

    static final List<Msg> FRUSTRATED = List.of(
            Msg.user("Hi, I was charged twice for my order 1234 this month"),
            Msg.assistant("I'm sorry to hear that. Could you tell me more about the charge on your account?"),
            Msg.user("This is useless. I want to talk to a real person now."));

    @Inject
    ScoringService scoring;
    @Inject
    JudgeService judge;
    @Inject
    ObjectMapper mapper;

    @BeforeAll
    static void start() throws Exception {
        openAi = new FakeOpenAi(FeaturesOnProfile.port());
    }

    @AfterAll
    static void stop() {
        openAi.close();
    }

    @BeforeEach
    void clean() {
        TestDb.reset();
        openAi.requests.clear();
        openAi.status = 200;
        openAi.content = """
                {"failure_types": ["user_frustration", "escalation_request", "not_a_type"], "severity": "high",
                 "summary": "The user was charged twice and asked for a human; the assistant did not resolve it."}""";
    }

    @Test
    void sampledConversation__getsAStoredJudgment_besideTheRuleBasedResults() throws Exception {
        UUID id = TestDb.conversation("conv-judged", true, Instant.now(), FRUSTRATED);

        scoring.score(id).await().atMost(WAIT);

        TestDb.await(WAIT, "judgment stored", () -> !TestDb.DB.rows(
                "select 1 from conversation_judgments where conversation_id = ?", id).isEmpty());
        Map<String, Object> j = TestDb.DB.one("select model, failure_types, summary, raw::text as raw from conversation_judgments where conversation_id = ?", id);
        assertThat(j.get("model")).isEqualTo("judge-test-model");
        assertThat(j.get("failure_types")).isEqualTo(List.of("user_frustration", "escalation_request"));
        assertThat((String) j.get("summary")).contains("charged twice");
        JsonNode raw = mapper.readTree((String) j.get("raw"));
        assertThat(raw.path("source").asText()).isEqualTo("llm");
        assertThat(raw.path("severity").asText()).isEqualTo("high");

        assertThat(openAi.requests).hasSize(1);
        FakeOpenAi.Request request = openAi.requests.get(0);
        assertThat(request.authorization()).isEqualTo("Bearer sk-judge-test");
        JsonNode body = mapper.readTree(request.body());
        assertThat(body.path("model").asText()).isEqualTo("judge-test-model");
        assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(body.path("messages").get(1).path("content").asText())
                .contains("[0] user: Hi, I was charged twice", "[2] user: This is useless");
        // rule-based results are there, unchanged by the judge, and LLM output never lands in failures
        assertThat(TestDb.DB.value("select health_score from conversations where id = ?", id)).isNotNull();
        assertThat(TestDb.DB.rows("select 1 from failures where conversation_id = ? and source = 'llm'", id)).isEmpty();

        // judged once per content: nothing new since, so nothing is due
        assertThat(judge.judge(id).await().atMost(WAIT)).isNull();
        assertThat(openAi.requests).hasSize(1);
    }

    @Test
    void endpointFailure__isLogged_andTheRuleBasedResultsStand() {
        openAi.status = 500;
        UUID id = TestDb.conversation("conv-judge-down", true, Instant.now(), FRUSTRATED);

        ScoringService.Outcome outcome = scoring.score(id).await().atMost(WAIT);

        TestDb.await(WAIT, "judge called", () -> !openAi.requests.isEmpty());
        assertThat(outcome.found()).isTrue();
        assertThat(TestDb.DB.value("select health_score from conversations where id = ?", id)).isEqualTo(outcome.health());
        assertThat(TestDb.DB.rows("select 1 from failures where conversation_id = ?", id)).hasSize(outcome.failures().size());
        assertThat(TestDb.DB.rows("select 1 from conversation_judgments where conversation_id = ?", id)).isEmpty();
    }

    @Test
    void unreadableAnswer__failsTheJudgeOnly() {
        openAi.content = "I think the conversation went badly.";
        UUID id = TestDb.conversation("conv-judge-prose", true, Instant.now(), FRUSTRATED);

        assertThatThrownBy(() -> judge.judge(id).await().atMost(WAIT))
                .isInstanceOf(JudgeClient.UnreadableVerdictException.class);
        assertThat(TestDb.DB.rows("select 1 from conversation_judgments where conversation_id = ?", id)).isEmpty();
    }

    @Test
    void openConversation__isNotJudgedYet() {
        UUID id = TestDb.conversation("conv-judge-open", false, Instant.now(), FRUSTRATED);

        assertThat(judge.judge(id).await().atMost(WAIT)).isNull();
        assertThat(openAi.requests).isEmpty();
    }

    @Test
    void sampling__isDeterministicPerConversation_andFollowsTheRate() {
        int in = 0;
        for (int i = 0; i < 20_000; i++) {
            UUID id = UUID.randomUUID();
            boolean sampled = JudgeService.sampled(id, 0.1);
            assertThat(JudgeService.sampled(id, 0.1)).isEqualTo(sampled);
            in += sampled ? 1 : 0;
        }
        assertThat(in / 20_000.0).isBetween(0.09, 0.11);
        assertThat(JudgeService.sampled(UUID.randomUUID(), 0)).isFalse();
        assertThat(JudgeService.sampled(UUID.randomUUID(), 1)).isTrue();
    }
}
