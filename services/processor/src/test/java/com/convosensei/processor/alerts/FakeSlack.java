package com.convosensei.processor.alerts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real local HTTP server standing in for a Slack incoming webhook: records every request (body + arrival time)
 * and answers from a script of replies (then 200 "ok").
 */
final class FakeSlack implements AutoCloseable {

    record Request(String body, long receivedAtNanos) {
    }

    record Reply(int status, String body, String retryAfter) {
        static Reply ok() {
            return new Reply(200, "ok", null);
        }
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    volatile Reply fallback = Reply.ok();

    FakeSlack() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/services/T000/B000/XXXX", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(body, System.nanoTime()));
            Reply reply = script.poll();
            if (reply == null) {
                reply = fallback;
            }
            if (reply.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
            }
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/XXXX";
    }

    void reset() {
        requests.clear();
        script.clear();
        fallback = Reply.ok();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
