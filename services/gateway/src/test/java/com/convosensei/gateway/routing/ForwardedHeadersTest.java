package com.convosensei.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    private static MultiMap headers(String... nameValue) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.add(nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    @Test
    void untrustedPeer__itsClaimsAreIgnored() {
        ForwardedHeaders f = new ForwardedHeaders(List.of("10.0.0.0/8"));
        var client = f.resolve("203.0.113.5", "http", "sensei.example.com",
                headers("X-Forwarded-For", "198.51.100.1", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil"));
        assertThat(client.address()).isEqualTo("203.0.113.5");
        assertThat(client.proto()).isEqualTo("http");
        assertThat(client.host()).isEqualTo("sensei.example.com");
        assertThat(client.port()).isEqualTo("80");
    }

    @Test
    void trustedLoadBalancer__clientIsTheRightmostUntrustedHop() {
        ForwardedHeaders f = new ForwardedHeaders(List.of("10.0.0.0/8", "::1"));
        // the client wrote "1.2.3.4" itself; the balancer appended the address it saw, 198.51.100.9
        var client = f.resolve("10.1.2.3", "http", "internal:8080", headers(
                "X-Forwarded-For", "1.2.3.4, 198.51.100.9, 10.9.9.9", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "sensei.example.com"));
        assertThat(client.address()).isEqualTo("198.51.100.9");
        assertThat(client.proto()).isEqualTo("https");
        assertThat(client.host()).isEqualTo("sensei.example.com");
        assertThat(client.port()).isEqualTo("443");
    }

    @Test
    void write__replacesEveryClientSentForwardingHeader() {
        MultiMap h = headers("Forwarded", "for=1.2.3.4", "X-Forwarded-For", "1.2.3.4", "X-Real-IP", "1.2.3.4",
                "X-Forwarded-Prefix", "/evil", "Authorization", "Bearer x");
        ForwardedHeaders.write(h, new ForwardedHeaders.Client("203.0.113.5", "http", "sensei.example.com:8080", "8080"));
        assertThat(h.getAll("X-Forwarded-For")).containsExactly("203.0.113.5");
        assertThat(h.get("X-Forwarded-Host")).isEqualTo("sensei.example.com:8080");
        assertThat(h.get("X-Forwarded-Port")).isEqualTo("8080");
        assertThat(h.contains("Forwarded")).isFalse();
        assertThat(h.contains("X-Real-IP")).isFalse();
        assertThat(h.contains("X-Forwarded-Prefix")).isFalse();
        assertThat(h.get("Authorization")).isEqualTo("Bearer x");
    }

    @Test
    void hostNamesAsTrustedProxies__areRefused_theyWouldCostADnsLookupPerRequest() {
        assertThatThrownBy(() -> new ForwardedHeaders(List.of("lb.internal")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lb.internal");
    }
}
