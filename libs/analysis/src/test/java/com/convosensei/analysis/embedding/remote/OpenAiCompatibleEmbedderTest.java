package com.convosensei.analysis.embedding.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.convosensei.analysis.embedding.EmbeddingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real local HTTP server speaking the OpenAI embeddings API. */
class OpenAiCompatibleEmbedderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authHeaders = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 500;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Embeds each input as [length, index, 1] and answers the items in reverse order (clients must use "index"). */
    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        JsonNode req = JSON.readTree(body);
        requests.add(req);
        authHeaders.add(ex.getRequestHeaders().getFirst("Authorization"));
        if (failuresLeft.getAndDecrement() > 0) {
            respond(ex, failureStatus, "{\"error\":{\"message\":\"overloaded\"}}");
            return;
        }
        if (!req.path("model").asText().equals("test-embed")) {
            respond(ex, 404, "{\"error\":{\"message\":\"model not found\"}}");
            return;
        }
        List<Map<String, Object>> data = new ArrayList<>();
        JsonNode input = req.path("input");
        for (int i = input.size() - 1; i >= 0; i--) {
            data.add(Map.of("object", "embedding", "index", i,
                    "embedding", List.of((double) input.get(i).asText().length(), (double) i, 1.0)));
        }
        respond(ex, 200, JSON.writeValueAsString(Map.of("object", "list", "data", data, "model", "test-embed")));
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Test
    void embedAll__batches_keepsInputOrder_andSendsModelAndKey() {
        OpenAiCompatibleEmbedder e = new OpenAiCompatibleEmbedder(base(), "test-embed", "secret-key", null, 2, 0,
                Duration.ofSeconds(5));
        List<float[]> out = e.embedAll(List.of("a", "bb", "ccc"));
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).containsExactly(1f, 0f, 1f);
        assertThat(out.get(1)).containsExactly(2f, 1f, 1f);
        assertThat(out.get(2)).containsExactly(3f, 0f, 1f);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).path("input")).hasSize(2);
        assertThat(authHeaders).containsOnly("Bearer secret-key");
        assertThat(e.dimensions()).isEqualTo(3);
        assertThat(e.model()).isEqualTo("test-embed");
    }

    @Test
    void embed__baseUrlWithV1__hitsTheSameEndpoint() {
        OpenAiCompatibleEmbedder e = new OpenAiCompatibleEmbedder(base() + "/v1/", "test-embed", "", 3);
        assertThat(e.embed("hello")).containsExactly(5f, 0f, 1f);
        assertThat(authHeaders).containsExactly((String) null);
        assertThat(requests.get(0).path("dimensions").asInt()).isEqualTo(3);
    }

    @Test
    void embed__retriesServerErrors_thenSucceeds() {
        failuresLeft.set(2);
        OpenAiCompatibleEmbedder e = new OpenAiCompatibleEmbedder(base(), "test-embed", "k", null, 16, 2,
                Duration.ofSeconds(5));
        assertThat(e.embed("abc")).containsExactly(3f, 0f, 1f);
        assertThat(requests).hasSize(3);
    }

    @Test
    void embed__clientError__throwsWithStatus_withoutRetrying() {
        OpenAiCompatibleEmbedder e = new OpenAiCompatibleEmbedder(base(), "unknown-model", "k", null, 16, 2,
                Duration.ofSeconds(5));
        assertThatThrownBy(() -> e.embed("abc")).isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("404").hasMessageContaining("model not found")
                .satisfies(t -> assertThat(((EmbeddingException) t).status()).isEqualTo(404));
        assertThat(requests).hasSize(1);
    }

    @Test
    void embed__serverDown__throws() {
        String url = base();
        server.stop(0);
        OpenAiCompatibleEmbedder e = new OpenAiCompatibleEmbedder(url, "test-embed", "k", null, 16, 0,
                Duration.ofSeconds(2));
        assertThatThrownBy(() -> e.embed("abc")).isInstanceOf(EmbeddingException.class);
    }

    @Test
    void fromEnv__readsBaseUrlModelAndKey() {
        OpenAiCompatibleEmbedder e = OpenAiCompatibleEmbedder.fromEnv(Map.of(
                OpenAiCompatibleEmbedder.ENV_BASE_URL, base(), OpenAiCompatibleEmbedder.ENV_MODEL, "test-embed",
                OpenAiCompatibleEmbedder.ENV_API_KEY, "env-key"));
        assertThat(e.endpoint().toString()).isEqualTo(base() + "/v1/embeddings");
        e.embed("x");
        assertThat(authHeaders).containsExactly("Bearer env-key");
    }
}
