package com.convosensei.admin.rest;

import com.convosensei.admin.service.LoginService;
import com.convosensei.contracts.admin.LoginRequest;
import com.convosensei.contracts.admin.LoginResponse;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
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
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

@Path("/api/v1/auth")
public class AuthResource {

    private final LoginService login;
    private final JsonWebToken jwt;
    private final ObjectMapper mapper;

    public AuthResource(LoginService login, JsonWebToken jwt, ObjectMapper mapper) {
        this.login = login;
        this.jwt = jwt;
        this.mapper = mapper;
    }

    /**
     * Local login for the configured admin. The client address is the connection's peer, or the X-Forwarded-For
     * entry when the peer is a trusted proxy (quarkus.http.proxy.* in application.properties).
     */
    @POST
    @Path("/login")
    @PermitAll
    @ResponseHeader(name = "Cache-Control", value = "no-store") // the answer holds a bearer token
    public Uni<LoginResponse> login(@Valid @NotNull LoginRequest request, @Context HttpServerRequest http) {
        String ip = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        String userAgent = http.getHeader("User-Agent");
        return login.login(request, ip, userAgent == null ? null : userAgent.substring(0, Math.min(512, userAgent.length())));
    }

    /** The verified claims of the caller's token, as they are in the token. */
    @GET
    @Path("/me")
    @Authenticated
    public Map<String, Object> me() throws IOException {
        String payload = jwt.getRawToken().split("\\.")[1];
        return mapper.readValue(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8),
                new TypeReference<Map<String, Object>>() { });
    }
}
