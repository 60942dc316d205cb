package com.convosensei.platform.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A redis-server of the test's own on a free loopback port, for fault tests that stop and restart Redis without
 * touching the shared one. Needs {@code redis-server} on the PATH (installed by `make test`'s setup).
 */
public final class PrivateRedis implements AutoCloseable {

    private final int port;
    private Process process;

    public PrivateRedis() throws IOException {
        this(freePort());
    }

    public PrivateRedis(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public PrivateRedis start() throws IOException {
        Path dir = Files.createTempDirectory("sensei-redis-");
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        waitFor(true);
        return this;
    }

    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
            waitFor(false);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void waitFor(boolean up) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            boolean listening;
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                listening = true;
            } catch (IOException e) {
                listening = false;
            }
            if (listening == up) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("redis-server on port " + port + " did not " + (up ? "start" : "stop"));
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
