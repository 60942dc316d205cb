package com.convosensei.processor.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.processor.scoring.TestDb;
import com.convosensei.processor.scoring.TestDb.Msg;
import com.convosensei.processor.stream.StreamConsumers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class InactivitySweepTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    /** The user asked and never got an answer. */
    static final List<Msg> UNANSWERED = List.of(
            Msg.user("Hi, how can I change the email address on my account?"),
            Msg.assistant("Go to Settings, then Profile, and edit the email field."),
            Msg.user("There is no email field there. Where else can I find it?"));

    @Inject
    InactivitySweep sweep;
    @Inject
    StreamConsumers consumers;

    @BeforeEach
    void clean() {
        TestDb.reset();
    }

    @AfterEach
    void stop() {
        consumers.stop("process");
    }

    @Test
    void sweep__endsIdleConversations_andTheyAreRescoredAsEnded() {
        UUID idle = TestDb.conversation("conv-idle", false, Instant.now().minus(Duration.ofHours(2)), UNANSWERED);
        UUID fresh = TestDb.conversation("conv-fresh", false, Instant.now().minus(Duration.ofMinutes(5)), UNANSWERED);
        UUID clientEnded = TestDb.conversation("conv-client-ended", true, Instant.now().minus(Duration.ofHours(3)), UNANSWERED);
        consumers.start("process");

        int ended = sweep.sweepOnce().await().atMost(WAIT);

        assertThat(ended).isEqualTo(1);
        Map<String, Object> row = TestDb.DB.one("select ended, ended_reason, ended_at from conversations where id = ?", idle);
        assertThat(row.get("ended")).isEqualTo(true);
        assertThat(row.get("ended_reason")).isEqualTo("inactivity");
        assertThat(((Timestamp) row.get("ended_at")).toInstant()).isAfter(Instant.now().minusSeconds(60));
        TestDb.await(WAIT, "idle conversation re-scored after it was ended", () -> Boolean.TRUE.equals(TestDb.DB.value(
                "select coalesce(scored_at >= ended_at, false) from conversations where id = ?", idle)));
        TestDb.await(WAIT, "abandonment detected on the ended conversation", () -> !TestDb.DB.rows(
                "select 1 from failures where conversation_id = ? and type = 'abandonment'", idle).isEmpty());
        assertThat(TestDb.DB.one("select ended, ended_reason from conversations where id = ?", fresh))
                .containsEntry("ended", false).containsEntry("ended_reason", null);
        assertThat(TestDb.DB.one("select ended_reason from conversations where id = ?", clientEnded))
                .containsEntry("ended_reason", "client");

        assertThat(sweep.sweepOnce().await().atMost(WAIT)).isZero();
    }

    @Test
    void concurrentSweeps__endEachConversationOnce() throws Exception {
        for (int i = 0; i < 60; i++) {
            TestDb.conversation("conv-idle-" + i, false, Instant.now().minus(Duration.ofHours(1)), UNANSWERED);
        }

        List<CompletableFuture<Integer>> sweeps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sweeps.add(sweep.sweepOnce().subscribeAsCompletionStage());
        }
        int total = 0;
        for (CompletableFuture<Integer> s : sweeps) {
            total += s.get();
        }

        assertThat(total).isEqualTo(60);
        assertThat(TestDb.DB.value("select count(*) from conversations where ended and ended_reason = 'inactivity'"))
                .isEqualTo(60L);
    }
}
