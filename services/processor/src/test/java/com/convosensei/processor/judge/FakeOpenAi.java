package com.convosensei.processor.judge;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real local HTTP server speaking the OpenAI chat-completions API (one scripted answer at a time). */
final class FakeOpenAi implements AutoCloseable {

    record Request(String authorization, String body) {
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    /** What the "model" answers (the message content). */
    volatile String content = "{}";

    FakeOpenAi(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requests.add(new Request(exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            String body = status == 200
                    ? """
                      {"id": "chatcmpl-test", "object": "chat.completion", "model": "judge-test-model",
                       "choices": [{"index": 0, "finish_reason": "stop",
                                    "message": {"role": "assistant", "content": %s}}],
                       "usage": {"prompt_tokens": 120, "completion_tokens": 40, "total_tokens": 160}}"""
                    .formatted(quote(content))
                    : "{\"error\": {\"message\": \"upstream overloaded\", \"type\": \"server_error\"}}";
            byte[] out = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
