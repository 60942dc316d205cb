package com.convosensei.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * admin-api once opened a UDP socket per request and stalled ~1-2 % of requests for exactly 5 s: a trusted-proxy
 * entry Quarkus cannot read as an IP or CIDR ({@code 0:0:0:0:0:0:0:1} parses as host "0:0:0:0:0:0:0", port 1) is
 * treated as a host name, and ForwardedProxyHandler then creates a new DNS client and resolves that name on every
 * request. This drives 2,000 requests and asserts that the process's UDP sockets stay flat and none is slow.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class SocketLeakTest {

    @TestHTTPResource("/api/v1/auth/me")
    URI me;

    @Test
    void twoThousandRequests__leaveTheUdpSocketCountFlat_andNoneTakesASecond() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(me).timeout(Duration.ofSeconds(3))
                .header("X-Forwarded-For", "203.0.113.9").GET().build();
        for (int i = 0; i < 20; i++) { // warm up: connections, lazily opened sockets
            client.send(request, HttpResponse.BodyHandlers.discarding());
        }
        int udpBefore = udpSockets();
        long slowest = 0;
        for (int i = 0; i < 2000; i++) {
            long start = System.nanoTime();
            int status;
            try {
                status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (HttpTimeoutException e) {
                throw new AssertionError("request " + i + " got no answer within 3 s", e);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            slowest = Math.max(slowest, millis);
            assertThat(status).isEqualTo(401);
            assertThat(millis).as("request %d took %d ms", i, millis).isLessThan(1000);
            if (i % 10 == 9) {
                assertThat(udpSockets() - udpBefore).as("UDP sockets opened by %d requests", i + 1).isLessThanOrEqualTo(2);
            }
        }
        int udpAfter = udpSockets();
        assertThat(udpAfter - udpBefore).as("UDP sockets opened by 2,000 requests (slowest %d ms)", slowest)
                .isLessThanOrEqualTo(2);
    }

    /** Sockets held by this process whose inode is listed in /proc/net/udp or udp6. */
    static int udpSockets() throws IOException {
        Set<String> udpInodes = new HashSet<>();
        for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length > 9 && !cols[0].equals("sl")) {
                    udpInodes.add(cols[9]);
                }
            }
        }
        int count = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && udpInodes.contains(target.substring(8, target.length() - 1))) {
                        count++;
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        return count;
    }
}
