package com.convosensei.gateway.routing;

import io.smallrye.common.net.CidrAddress;
import io.smallrye.common.net.Inet;
import io.vertx.core.MultiMap;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides who the client is and what it asked for (address, scheme, host, port), and writes exactly that into the
 * forwarding headers sent upstream. Client-sent {@code Forwarded}/{@code X-Forwarded-*} are believed only when the
 * connection's peer is a configured trusted proxy (a load balancer in front, {@code SENSEI_TRUSTED_PROXIES}); from
 * anyone else they are overwritten, so a client cannot pick the address the login lockout keys on.
 */
public final class ForwardedHeaders {

    /** Headers that carry client identity hop to hop; all removed before the gateway writes its own. */
    static final List<String> FORWARDING = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Proto",
            "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Server", "X-Real-IP",
            "X-Client-IP", "True-Client-IP", "CF-Connecting-IP");

    private final List<CidrAddress> trusted;

    public ForwardedHeaders(List<String> trustedProxies) {
        List<CidrAddress> parsed = new ArrayList<>();
        for (String entry : trustedProxies) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            CidrAddress cidr = e.contains("/") ? Inet.parseCidrAddress(e) : null;
            if (cidr == null) {
                InetAddress ip = Inet.parseInetAddress(e); // literal only: never a DNS lookup
                if (ip == null) {
                    throw new IllegalArgumentException("sensei.gateway.trusted-proxies: '" + e
                            + "' is not an IP address or CIDR (host names are not accepted)");
                }
                cidr = CidrAddress.create(ip, ip.getAddress().length * 8);
            }
            parsed.add(cidr);
        }
        this.trusted = List.copyOf(parsed);
    }

    /** What the gateway tells the services about a request. */
    public record Client(String address, String proto, String host, String port) {
    }

    public boolean isTrusted(String address) {
        InetAddress ip = address == null ? null : Inet.parseInetAddress(address.strip());
        if (ip == null) {
            return false;
        }
        for (CidrAddress cidr : trusted) {
            if (cidr.matches(ip)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client as seen from here. From an untrusted peer: the peer itself and this connection's scheme and Host.
     * From a trusted proxy: the right-most X-Forwarded-For entry that is not itself a trusted proxy (entries to its
     * left were written by the client and prove nothing), and the proxy's X-Forwarded-Proto/-Host/-Port.
     */
    public Client resolve(String peer, String scheme, String hostHeader, MultiMap headers) {
        String host = hostHeader == null ? "" : hostHeader;
        String proto = scheme == null ? "http" : scheme;
        String address = peer;
        if (isTrusted(peer)) {
            String xff = headers.get("X-Forwarded-For");
            if (xff != null) {
                String[] hops = xff.split(",");
                for (int i = hops.length - 1; i >= 0; i--) {
                    String hop = hops[i].strip();
                    if (Inet.parseInetAddress(hop) == null) {
                        break; // garbage: stop believing the chain here
                    }
                    address = hop;
                    if (!isTrusted(hop)) {
                        break;
                    }
                }
            }
            proto = first(headers.get("X-Forwarded-Proto"), proto);
            host = first(headers.get("X-Forwarded-Host"), host);
        }
        String port = isTrusted(peer) ? headers.get("X-Forwarded-Port") : null;
        if (port == null || !port.strip().matches("\\d{1,5}")) {
            port = portOf(host, proto);
        }
        return new Client(address, proto.equalsIgnoreCase("https") ? "https" : "http", host, port.strip());
    }

    /** Removes every client-sent forwarding header and writes the gateway's own. */
    public static void write(MultiMap headers, Client client) {
        FORWARDING.forEach(headers::remove);
        if (client.address() != null) {
            headers.set("X-Forwarded-For", client.address());
        }
        headers.set("X-Forwarded-Proto", client.proto());
        if (!client.host().isEmpty()) {
            headers.set("X-Forwarded-Host", client.host());
        }
        headers.set("X-Forwarded-Port", client.port());
    }

    private static String first(String commaList, String fallback) {
        if (commaList == null || commaList.isBlank()) {
            return fallback;
        }
        return commaList.split(",")[0].strip();
    }

    private static String portOf(String host, String proto) {
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon && host.substring(colon + 1).matches("\\d{1,5}")) {
            return host.substring(colon + 1);
        }
        return "https".equalsIgnoreCase(proto) ? "443" : "80";
    }
}
