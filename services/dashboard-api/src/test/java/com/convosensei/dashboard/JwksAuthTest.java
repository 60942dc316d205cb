package com.convosensei.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.platform.testing.PostgresTestResource;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Map;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * Supabase projects on asymmetric keys: with SUPABASE_JWKS_URL set, ES256 tokens are verified against the keys that
 * URL publishes (a real local HTTP server here), and HS256 tokens signed with the old shared secret are refused.
 */
@QuarkusTest
@TestProfile(JwksAuthTest.JwksProfile.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class JwksAuthTest {

    static final KeyPair SIGNING;
    static final KeyPair STRANGER;
    static final HttpServer JWKS_SERVER;

    static {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            SIGNING = generator.generateKeyPair();
            STRANGER = generator.generateKeyPair();
            EllipticCurveJsonWebKey jwk = (EllipticCurveJsonWebKey) JsonWebKey.Factory.newJwk(SIGNING.getPublic());
            jwk.setKeyId("supabase-key-1");
            jwk.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            byte[] jwks = new JsonWebKeySet(jwk).toJson().getBytes(StandardCharsets.UTF_8);
            JWKS_SERVER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            JWKS_SERVER.createContext("/auth/v1/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            JWKS_SERVER.start();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public static class JwksProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String base = "http://127.0.0.1:" + JWKS_SERVER.getAddress().getPort();
            return Map.of("sensei.auth.jwks-url", base + "/auth/v1/.well-known/jwks.json",
                    "sensei.auth.supabase-url", base);
        }
    }

    static String issuer() {
        return "http://127.0.0.1:" + JWKS_SERVER.getAddress().getPort() + "/auth/v1";
    }

    static String es256(KeyPair keys, String issuer, String audience) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setSubject("5f0c1c1e-supabase-user");
        claims.setClaim("email", "owner@example.com");
        claims.setClaim("role", "authenticated");
        // what Supabase puts there once an admin set the role (update auth.users set raw_app_meta_data = ...)
        claims.setClaim("app_metadata", Map.of("provider", "email", "sensei_role", "viewer"));
        claims.setIssuedAtToNow();
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(Instant.now().plusSeconds(600).getEpochSecond()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.getPrivate());
        jws.setKeyIdHeaderValue("supabase-key-1");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        return jws.getCompactSerialization();
    }

    @Test
    void es256TokenFromTheProjectsKeys__isAccepted() throws Exception {
        given().header("Authorization", "Bearer " + es256(SIGNING, issuer(), "authenticated"))
                .get("/api/v1/analytics/summary").then().statusCode(200);
    }

    @Test
    void es256TokenOfAPlainSignUp__withoutSenseiRole__is403() throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer());
        claims.setAudience("authenticated");
        claims.setSubject("5f0c1c1e-new-sign-up");
        claims.setClaim("email", "anyone@example.com");
        claims.setClaim("app_metadata", Map.of("provider", "email", "providers", java.util.List.of("email")));
        claims.setClaim("user_metadata", Map.of("sensei_role", "admin")); // users can write this one: never read
        claims.setIssuedAtToNow();
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(Instant.now().plusSeconds(600).getEpochSecond()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(SIGNING.getPrivate());
        jws.setKeyIdHeaderValue("supabase-key-1");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        given().header("Authorization", "Bearer " + jws.getCompactSerialization())
                .get("/api/v1/analytics/summary").then().statusCode(403);
    }

    @Test
    void tokensNotFromTheProject__areRefused() throws Exception {
        for (String token : new String[] {
                es256(STRANGER, issuer(), "authenticated"),               // signed by another key
                es256(SIGNING, "https://elsewhere.example/auth/v1", "authenticated"), // another issuer
                es256(SIGNING, issuer(), "anon"),                         // wrong audience
                com.convosensei.platform.testing.TestTokens.valid()}) {  // HS256 with the local secret
            given().header("Authorization", "Bearer " + token).get("/api/v1/analytics/summary")
                    .then().statusCode(401).body("code", equalTo("unauthorized"));
        }
    }
}
