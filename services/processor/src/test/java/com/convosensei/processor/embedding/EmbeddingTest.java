package com.convosensei.processor.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.testing.PostgresTestResource;
import com.convosensei.processor.judge.FeaturesOnProfile;
import com.convosensei.processor.scoring.ScoringService;
import com.convosensei.processor.scoring.TestDb;
import com.convosensei.processor.scoring.TestDb.Msg;
import com.convosensei.processor.stream.StreamConsumers;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Embeddings with FEATURE_EMBEDDINGS on: scoring requests them, the embed consumer stores them. */
@QuarkusTest
@TestProfile(FeaturesOnProfile.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class EmbeddingTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    ScoringService scoring;
    @Inject
    EmbeddingService embeddings;
    @Inject
    StreamConsumers consumers;

    @BeforeEach
    void clean() {
        TestDb.reset();
    }

    @AfterEach
    void stop() {
        consumers.stop("embed");
    }

    @Test
    void scoredConversation__isEmbeddedByTheEmbedConsumer() {
        UUID id = TestDb.conversation("conv-embed", false, Instant.now(), List.of(
                Msg.user("How do I reset my password?"), Msg.assistant("Use the reset link on the login page.")));
        consumers.start("embed");

        scoring.score(id).await().atMost(WAIT);

        TestDb.await(WAIT, "embedding stored", () -> !TestDb.rows(
                "select 1 from conversation_embeddings where conversation_id = ?", id).isEmpty());
        Map<String, Object> e = TestDb.row("select model, dimensions, array_length(embedding, 1) as n, content_hash from conversation_embeddings where conversation_id = ?", id);
        assertThat(e.get("model")).isEqualTo("hashing-tfidf-512-v1");
        assertThat(e.get("dimensions")).isEqualTo(512);
        assertThat(e.get("n")).isEqualTo(512);
        assertThat((String) e.get("content_hash")).hasSize(64);
    }

    @Test
    void embed__skipsUnchangedText_andReembedsChangedText() {
        UUID id = TestDb.conversation("conv-embed-2", false, Instant.now(), List.of(
                Msg.user("Where is my parcel? The tracking number shows nothing."), Msg.assistant("Let me check.")));

        assertThat(embeddings.embed(id).await().atMost(WAIT)).isEqualTo(EmbeddingService.Result.STORED);
        Object hash = TestDb.value("select content_hash from conversation_embeddings where conversation_id = ?", id);
        assertThat(embeddings.embed(id).await().atMost(WAIT)).isEqualTo(EmbeddingService.Result.UNCHANGED);

        TestDb.exec("update messages set content = 'I want a refund for the duplicate charge' where conversation_id = ? and role = 'user'", id);
        assertThat(embeddings.embed(id).await().atMost(WAIT)).isEqualTo(EmbeddingService.Result.STORED);
        assertThat(TestDb.value("select content_hash from conversation_embeddings where conversation_id = ?", id)).isNotEqualTo(hash);
        assertThat(TestDb.value("select count(*) from conversation_embeddings")).isEqualTo(1L);
    }

    @Test
    void embed__conversationWithoutTextOrGone() {
        UUID empty = TestDb.conversation("conv-embed-empty", false, Instant.now(), List.of());

        assertThat(embeddings.embed(empty).await().atMost(WAIT)).isEqualTo(EmbeddingService.Result.EMPTY);
        assertThat(embeddings.embed(UUID.randomUUID()).await().atMost(WAIT)).isEqualTo(EmbeddingService.Result.MISSING);
    }
}
