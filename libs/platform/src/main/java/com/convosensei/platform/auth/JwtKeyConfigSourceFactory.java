package com.convosensei.platform.auth;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Derives smallrye-jwt's verification settings from Sensei's auth settings at start-up.
 * <ul>
 *   <li>{@code SUPABASE_JWKS_URL} set: verify RS256/ES256 tokens against that JWKS (Supabase asymmetric keys).</li>
 *   <li>otherwise: verify HS256 tokens with {@code SUPABASE_JWT_SECRET} (or {@code sensei.auth.jwt-secret}), handed
 *   to smallrye-jwt inline as a JWK of type {@code oct} in {@code mp.jwt.verify.publickey} (inline key content: its
 *   KeyLocationResolver parses it exactly as it would a key file, JWK sets included). Nothing is written to disk: an
 *   earlier version wrote the JWK to a temp file that a kill -9 left behind in /tmp.</li>
 * </ul>
 */
public class JwtKeyConfigSourceFactory implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> props = new HashMap<>();
        String jwksUrl = value(context, "SUPABASE_JWKS_URL", "sensei.auth.jwks-url");
        if (jwksUrl != null) {
            props.put("mp.jwt.verify.publickey.location", jwksUrl);
            String alg = value(context, "SUPABASE_JWT_ALGORITHM", "sensei.auth.jwt-algorithm");
            props.put("mp.jwt.verify.publickey.algorithm", alg == null ? "ES256" : alg);
        } else {
            String secret = value(context, "SUPABASE_JWT_SECRET", "sensei.auth.jwt-secret");
            if (secret != null) {
                props.put("mp.jwt.verify.publickey", jwkFor(secret));
                props.put("smallrye.jwt.verify.algorithm", "HS256");
            }
        }
        props.put("mp.jwt.verify.issuer", issuer(context));
        // ordinal above application.properties: these are derived, not meant to be set by hand
        return List.of(new MapBackedConfigSource("sensei-jwt-key", props, 270) {
        });
    }

    /**
     * The issuer tokens must carry: {@code SUPABASE_JWT_ISSUER} if set, else {@code SUPABASE_URL + /auth/v1} (what
     * Supabase Auth writes), else {@value #LOCAL_ISSUER} for tokens from admin-api's local login.
     */
    public static String issuer(ConfigSourceContext context) {
        String explicit = value(context, "SUPABASE_JWT_ISSUER", "sensei.auth.jwt-issuer");
        if (explicit != null) {
            return explicit;
        }
        String supabaseUrl = value(context, "SUPABASE_URL", "sensei.auth.supabase-url");
        return supabaseUrl == null ? LOCAL_ISSUER : supabaseUrl.replaceAll("/+$", "") + "/auth/v1";
    }

    public static final String LOCAL_ISSUER = "sensei-local";

    /** The JWK of type oct that smallrye-jwt accepts for HS256; "k" is the secret's UTF-8 bytes, base64url. */
    public static String jwkFor(String secret) {
        String k = Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        return "{\"keys\":[{\"kty\":\"oct\",\"alg\":\"HS256\",\"k\":\"" + k + "\"}]}";
    }

    private static String value(ConfigSourceContext context, String env, String property) {
        for (String name : new String[] {env, property}) {
            ConfigValue v = context.getValue(name);
            if (v != null && v.getValue() != null && !v.getValue().isBlank()) {
                return v.getValue();
            }
        }
        return null;
    }
}
