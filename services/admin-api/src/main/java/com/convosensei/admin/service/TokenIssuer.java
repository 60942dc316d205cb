package com.convosensei.admin.service;

import com.convosensei.platform.auth.JwtKeyConfigSourceFactory;
import com.convosensei.platform.auth.Roles;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.Config;

/**
 * Issues local-login tokens shaped like Supabase's (aud and role "authenticated", sub, email, iat, exp), signed
 * HS256 with the very secret the services verify with, so a local token and a Supabase token are interchangeable.
 */
@ApplicationScoped
public class TokenIssuer {

    public static final String AUDIENCE = "authenticated";
    public static final String ROLE = "authenticated";

    private final SecretKey key;
    private final String issuer;

    public TokenIssuer(Config config) {
        // same lookup order as the verifier (JwtKeyConfigSourceFactory): env SUPABASE_JWT_SECRET, then sensei.auth.jwt-secret
        String secret = config.getOptionalValue("SUPABASE_JWT_SECRET", String.class)
                .or(() -> config.getOptionalValue("sensei.auth.jwt-secret", String.class))
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalStateException("no JWT secret: set SUPABASE_JWT_SECRET"));
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.issuer = config.getOptionalValue("mp.jwt.verify.issuer", String.class).orElse(JwtKeyConfigSourceFactory.LOCAL_ISSUER);
    }

    /** A stable, UUID-shaped subject for a local account (Supabase subjects are UUIDs too). */
    public static String subjectFor(String email) {
        return UUID.nameUUIDFromBytes(("sensei-local:" + email).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public String issue(String subject, String email, Duration ttl) {
        Instant now = Instant.now();
        return Jwt.issuer(issuer)
                .audience(AUDIENCE)
                .subject(subject)
                .claim("email", email)
                .claim("role", ROLE)
                // the local account is the installation's admin; app_metadata is where Supabase keeps claims users cannot set
                .claim("app_metadata", java.util.Map.of("provider", "sensei-local", Roles.APP_METADATA_ROLE, Roles.ADMIN))
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .jws().algorithm(SignatureAlgorithm.HS256).header("typ", "JWT")
                .sign(key);
    }
}
