package com.convosensei.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where the gateway sends each bounded context's traffic, and what it serves at {@code /}. */
@ConfigMapping(prefix = "sensei.gateway")
public interface GatewayConfig {

    /** Base URLs of the services behind the gateway. */
    Upstreams upstreams();

    /** Folder holding the dashboard's build (index.html + assets); a placeholder page is served when absent. */
    Optional<String> webRoot();

    /** Folder holding the landing page's build (site/dist), served at /site/; absent: /site/ answers 404. */
    Optional<String> siteRoot();

    /**
     * A host name (as in the Host header, without port) whose requests get the landing page at {@code /} instead of
     * the dashboard, e.g. {@code www.sensei.example.com}; empty: the landing page is only at {@code /site/}.
     */
    Optional<String> siteHost();

    /** How long an upstream may take to start answering before the gateway answers 504. */
    @WithDefault("30s")
    Duration upstreamTimeout();

    /** Browser-visible runtime settings served at /config.json (never secrets). */
    Optional<String> supabaseUrl();

    Optional<String> supabaseAnonKey();

    Optional<String> publicUrl();

    /** Product analytics (PostHog) for the dashboard; off unless a project key is set. */
    Posthog posthog();

    /**
     * Load balancers in front of the gateway whose X-Forwarded-* headers are believed (IPs or CIDRs, env
     * {@code SENSEI_TRUSTED_PROXIES}); empty: nobody's, the gateway overwrites them with what it saw itself.
     */
    Optional<List<String>> trustedProxies();

    /** Bodies declaring a larger Content-Length get 413 in the error envelope before anything is proxied. */
    @WithDefault("2097152")
    long maxBodyBytes();

    /** Sent when the client reached the gateway over https (directly or per a trusted proxy). */
    @WithDefault("max-age=31536000; includeSubDomains")
    String hsts();

    /** Browser-visible PostHog settings: the project key is a public write-only key, not a secret. */
    interface Posthog {
        /** env {@code POSTHOG_KEY}; absent or blank: analytics off, the dashboard never loads posthog-js. */
        Optional<String> key();

        /** env {@code POSTHOG_HOST}: where posthog-js sends events (the CSP's connect-src names it). */
        @WithDefault("https://us.i.posthog.com")
        String host();

        /** env {@code POSTHOG_REPLAY}: session replay (all inputs and text masked) only when true. */
        @WithDefault("false")
        boolean replay();

        /** The key when analytics is on, else empty. */
        default Optional<String> activeKey() {
            return key().map(String::strip).filter(s -> !s.isEmpty());
        }
    }

    interface Upstreams {
        @WithDefault("http://127.0.0.1:8081")
        String dashboard();

        @WithDefault("http://127.0.0.1:8082")
        String admin();

        @WithDefault("http://127.0.0.1:8083")
        String ingestion();
    }
}
