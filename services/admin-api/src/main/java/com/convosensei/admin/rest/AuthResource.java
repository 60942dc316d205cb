package com.convosensei.admin.rest;

import com.convosensei.admin.service.LoginService;
import com.convosensei.platform.auth.RoleAugmentor;
import com.convosensei.platform.auth.Roles;
import com.convosensei.contracts.admin.LoginRequest;
import com.convosensei.contracts.admin.LoginResponse;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import java.io.IOException;
import org.jboss.resteasy.reactive.ResponseHeader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Path("/api/v1/auth")
public class AuthResource {

    private final LoginService login;
    private final JsonWebToken jwt;
    private final ObjectMapper mapper;
    private final SecurityIdentity identity;

    public AuthResource(LoginService login, JsonWebToken jwt, ObjectMapper mapper, SecurityIdentity identity) {
        this.login = login;
        this.jwt = jwt;
        this.mapper = mapper;
        this.identity = identity;
    }

    /**
     * Local login for the configured admin. The client address is the connection's peer, or the X-Forwarded-For
     * entry when the peer is a trusted proxy (quarkus.http.proxy.* in application.properties).
     */
    @POST
    @Path("/login")
    @PermitAll
    @ResponseHeader(name = "Cache-Control", value = "no-store") // the answer holds a bearer token
    @APIResponse(responseCode = "200", description = "Signed in",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = LoginResponse.class)))
    @APIResponse(responseCode = "401", description = "Wrong email or password")
    @APIResponse(responseCode = "404", description = "Local login is off (no SENSEI_ADMIN_PASSWORD): sign in with Supabase")
    @APIResponse(responseCode = "429", description = "Locked out after repeated failures: retry after the Retry-After header's seconds")
    public Uni<LoginResponse> login(@Valid @NotNull LoginRequest request, @Context HttpServerRequest http) {
        String ip = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        String userAgent = http.getHeader("User-Agent");
        return login.login(request, ip, userAgent == null ? null : userAgent.substring(0, Math.min(512, userAgent.length())));
    }

    /**
     * The verified claims of the caller's token, as they are in the token, plus the Sensei role this service gave it
     * ({@code sensei_role}: admin, viewer or null) and where that came from ({@code sensei_role_source}: claim,
     * allowlist, stored, default), so the dashboard can hide what the caller may not do. Open to any valid token,
     * even one without a role: that is how the dashboard learns to say "ask an admin for access".
     */
    @GET
    @Path("/me")
    @Authenticated
    public Map<String, Object> me() throws IOException {
        String payload = jwt.getRawToken().split("\\.")[1];
        Map<String, Object> claims = new LinkedHashMap<>(mapper.readValue(
                new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8),
                new TypeReference<Map<String, Object>>() { }));
        String role = identity.hasRole(Roles.ADMIN) ? Roles.ADMIN : identity.hasRole(Roles.VIEWER) ? Roles.VIEWER : null;
        Roles.Source source = identity.getAttribute(RoleAugmentor.ROLE_SOURCE);
        claims.put("sensei_role", role);
        claims.put("sensei_role_source", role == null || source == null ? null : source.wire());
        return claims;
    }
}
