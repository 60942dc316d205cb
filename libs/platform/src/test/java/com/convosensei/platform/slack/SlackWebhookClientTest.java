package com.convosensei.platform.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real local HTTP server standing in for Slack. */
class SlackWebhookClientTest {

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "ok";
    private volatile String retryAfter;
    private volatile long delayMillis;
    private final SlackWebhookClient client = new SlackWebhookClient(Duration.ofSeconds(1), Duration.ofMillis(800));

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("Content-Type") + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            if (retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Test
    void post__okAnswer__deliversTheJsonMessage() throws Exception {
        SlackResponse response = client.post(url(), SlackMessage.text("hello").section("*bold* <x>")
                .context("ctx").button("Open", "https://example.com/a")).get();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        assertThat(response.delivered()).isTrue();
        assertThat(received).hasSize(1);
        String[] parts = received.get(0).split("\n", 2);
        assertThat(parts[0]).startsWith("application/json");
        JsonNode json = new ObjectMapper().readTree(parts[1]);
        assertThat(json.get("text").asText()).isEqualTo("hello");
        assertThat(json.get("blocks").get(0).get("text").get("type").asText()).isEqualTo("mrkdwn");
        assertThat(json.get("blocks").get(2).get("type").asText()).isEqualTo("actions");
        assertThat(json.get("blocks").get(2).get("elements").get(0).get("url").asText()).isEqualTo("https://example.com/a");
    }

    @Test
    void post__rateLimited__reportsRetryAfterSeconds() throws Exception {
        status = 429;
        answer = "rate_limited";
        retryAfter = "30";

        SlackResponse response = client.post(url(), SlackMessage.text("x")).get();

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.retryAfterSeconds()).isEqualTo(30);
        assertThat(response.delivered()).isFalse();
        assertThat(response.retryable()).isTrue();
    }

    @Test
    void post__serverError__isAnAnswerNotAnException() throws Exception {
        status = 500;
        answer = "boom";

        SlackResponse response = client.post(url(), SlackMessage.text("x")).get();

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("boom");
        assertThat(response.retryable()).isTrue();
        assertThat(response.retryAfterSeconds()).isNull();
    }

    @Test
    void post__nobodyListening__failsWithAConnectReason() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }

        assertThatThrownBy(() -> client.post("http://127.0.0.1:" + closedPort + "/hook", SlackMessage.text("x")).get())
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SlackDeliveryException.class).hasMessageContaining("connect");
    }

    @Test
    void post__slowServer__timesOut() {
        delayMillis = 2000;

        assertThatThrownBy(() -> client.post(url(), SlackMessage.text("x")).get())
                .cause().isInstanceOf(SlackDeliveryException.class)
                .satisfies(e -> assertThat(((SlackDeliveryException) e).timeout()).isTrue());
    }

    @Test
    void retryAfter__parsesSecondsAndIgnoresJunk() {
        assertThat(SlackWebhookClient.retryAfter("12")).isEqualTo(12);
        assertThat(SlackWebhookClient.retryAfter(" 7 ")).isEqualTo(7);
        assertThat(SlackWebhookClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
        assertThat(SlackWebhookClient.retryAfter("-3")).isNull();
        assertThat(SlackWebhookClient.retryAfter(null)).isNull();
    }

    @Test
    void escape__neutralisesMrkdwnControlCharacters() {
        assertThat(SlackMessage.escape("<!channel> & <http://evil|click>"))
                .isEqualTo("&lt;!channel&gt; &amp; &lt;http://evil|click&gt;");
    }
}
