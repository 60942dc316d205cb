package com.convosensei.db;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Helpers to run a private server (a PgBouncer, a PostgreSQL cluster) on a free loopback port from a temp dir, never
 * the shared ones. PostgreSQL and PgBouncer refuse to run as root, so when the tests run as root the commands run as
 * the {@code postgres} system user (which then owns the temp dir).
 */
final class PrivateServer {

    private PrivateServer() {
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static Path tempDir(String prefix) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(prefix);
        if (root()) {
            run(List.of("chown", "postgres:postgres", dir.toString()));
        }
        return dir;
    }

    /** Runs {@code command} (as postgres when root) and fails with its output when it exits non-zero. */
    static String runAsServerUser(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (root()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        return run(full);
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    /** The server's own binary: the tests need it, and scripts/infra.sh installs it, so a missing one is a failure. */
    static String binary(String... candidates) {
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("none of " + String.join(", ", candidates) + " is installed (scripts/infra.sh installs them)");
    }

    static void waitForPort(int port, Path log) throws IOException, InterruptedException {
        for (int i = 0; i < 300; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + "; log:\n"
                + (Files.exists(log) ? Files.readString(log) : "(none)"));
    }

    static void write(Path file, String content) throws IOException, InterruptedException {
        Files.writeString(file, content);
        if (root()) {
            run(List.of("chown", "postgres:postgres", file.toString()));
        }
    }
}
