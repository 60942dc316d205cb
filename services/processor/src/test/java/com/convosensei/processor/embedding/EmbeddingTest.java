package com.convosensei.processor.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.learned.StaticEmbedder;
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

        TestDb.await(WAIT, "embedding stored", () -> !TestDb.DB.rows(
                "select 1 from conversation_embeddings where conversation_id = ?", id).isEmpty());
        Map<String, Object> e = TestDb.DB.one("select model, dimensions, array_length(embedding, 1) as n, content_hash from conversation_embeddings where conversation_id = ?", id);
        assertThat(e.get("model")).isEqualTo(StaticEmbedder.MODEL_ID);
        assertThat(e.get("dimensions")).isEqualTo(384);
        assertThat(e.get("n")).isEqualTo(384);
        assertThat((String) e.get("content_hash")).hasSize(64);
    }

    @Test
    void embed__skipsUnchangedText_andReembedsChangedText() {
        UUID id = TestDb.conversation("conv-embed-2", false, Instant.now(), List.of(
                Msg.user("Where is my parcel? The tracking number shows nothing."), Msg.assistant("Let me check.")));

        assertThat(embeddings.embed(id).await().atMost(WAIT)).isEqualTo(EmbeddingService.Result.STORED);
        Object hash = TestDb.DB.value("select content_hash from conversation_embeddings where conversation_id = ?", id);
        assertThat(embeddings.embed(id).await().atMost(WAIT)).isEqualTo(EmbeddingService.Result.UNCHANGED);

        TestDb.DB.exec("update messages set content = 'I want a refund for the duplicate charge' where conversation_id = ? and role = 'user'", id);
        assertThat(embeddings.embed(id).await().atMost(WAIT)).isEqualTo(EmbeddingService.Result.STORED);
        assertThat(TestDb.DB.value("select content_hash from conversation_embeddings where conversation_id = ?", id)).isNotEqualTo(hash);
        assertThat(TestDb.DB.value("select count(*) from conversation_embeddings")).isEqualTo(1L);
    }

    @Test
    void embed__vectorOfAnotherModel__isReplacedNotKept() {
        UUID id = TestDb.conversation("conv-embed-old-model", false, Instant.now(), List.of(
                Msg.user("Where is my parcel?"), Msg.assistant("Let me check.")));
        // as left by the hashing embedder before the sentence embedder became the local default, same text
        TestDb.DB.exec("insert into conversation_embeddings (conversation_id, model, dimensions, embedding, content_hash) "
                + "values (?, 'hashing-tfidf-512-v1', 2, '{0.6,0.8}'::real[], ?)", id,
                EmbeddingService.contentHash("hashing-tfidf-512-v1", "Where is my parcel?"));

        assertThat(embeddings.embed(id).await().atMost(WAIT)).isEqualTo(EmbeddingService.Result.STORED);

        Map<String, Object> e = TestDb.DB.one("select model, dimensions, array_length(embedding, 1) as n from conversation_embeddings where conversation_id = ?", id);
        assertThat(e).containsEntry("model", StaticEmbedder.MODEL_ID).containsEntry("dimensions", 384)
                .containsEntry("n", 384);
    }

    @Test
    void embed__conversationWithoutTextOrGone() {
        UUID empty = TestDb.conversation("conv-embed-empty", false, Instant.now(), List.of());

        assertThat(embeddings.embed(empty).await().atMost(WAIT)).isEqualTo(EmbeddingService.Result.EMPTY);
        assertThat(embeddings.embed(UUID.randomUUID()).await().atMost(WAIT)).isEqualTo(EmbeddingService.Result.MISSING);
    }
}
