package com.convosensei.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * An upstream that, like a restarted service or one whose keep-alive timeout just fired, closes a pooled connection
 * the moment the gateway reuses it: it answers the first request of every connection and drops the connection on
 * the second without a byte. An idempotent request must then be sent once more on a new connection (answer 200),
 * not answered 502. (Writes are never retried: they may have arrived.)
 */
@QuarkusTest
@TestProfile(RetryTest.FlakyUpstream.class)
@QuarkusTestResource(UpstreamServers.class)
class RetryTest {

    static final AtomicInteger DROPPED = new AtomicInteger();
    static ServerSocket server;

    public static class FlakyUpstream implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread acceptor = new Thread(RetryTest::serve, "flaky-upstream");
            acceptor.setDaemon(true);
            acceptor.start();
            return Map.of("sensei.gateway.upstreams.dashboard", "http://127.0.0.1:" + server.getLocalPort());
        }
    }

    private static void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> answerOnceThenDrop(socket));
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void answerOnceThenDrop(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            readHead(in);
            byte[] body = "{\"service\":\"flaky\"}".getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            if (readHead(in)) { // the connection came back from the pool: drop it unanswered
                DROPPED.incrementAndGet();
                socket.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // client went away
        }
    }

    /** Reads one request head (these tests send no bodies); false at end of stream. */
    private static boolean readHead(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            return false;
        }
        while (line != null && !line.isEmpty()) {
            line = in.readLine();
        }
        return true;
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @Test
    void idempotentRequest__onAPooledConnectionTheUpstreamClosed__isRetriedOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            given().get("/api/v1/conversations").then().statusCode(200).body("service", equalTo("flaky"));
            Thread.sleep(50); // let the connection go back to the pool
        }
        assertThat(DROPPED.get()).as("pooled connections the upstream dropped").isGreaterThanOrEqualTo(1);
    }
}
